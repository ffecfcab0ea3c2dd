using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Windows;
using Sluice.TestKit.Queries;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests.Aggregations;

/// <summary>
/// End to end through the query engine: the windowed word count of Spark's programming guide (10-minute windows
/// sliding every 5 minutes, a 10-minute watermark), in update and append mode.
/// </summary>
public sealed class WindowedWordCountScenarioTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public sealed record Word(string Text, DateTimeOffset Time);

    private static Word At(string text, int minute) => new(text, Noon.AddMinutes(minute));

    private static WindowedRow<string, long> Row(int startMinute, string word, long count) =>
        new(new TimeWindow(Noon.AddMinutes(startMinute).ToUnixTimeMilliseconds(), Noon.AddMinutes(startMinute + 10).ToUnixTimeMilliseconds()), word, count);

    private static DataStream<WindowedRow<string, long>> WindowedCounts(MemorySource<Word> input) =>
        DataStream.From(input)
            .WithTimestamps(w => w.Time)
            .WithWatermark(TimeSpan.FromMinutes(10))
            .GroupBy(w => w.Text, Window.Sliding(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5)))
            .Count();

    [Fact]
    public Task Update_mode_emits_the_changed_windows_and_drops_the_late_donkey()
    {
        var input = new MemorySource<Word>();
        return new QueryTest<WindowedRow<string, long>>(WindowedCounts(input), OutputMode.Update, output)
            .AddData(input, At("dog", 7), At("owl", 8))
            .CheckNewAnswer(Row(0, "dog", 1), Row(5, "dog", 1), Row(0, "owl", 1), Row(5, "owl", 1))
            .AddData(input, At("dog", 14), At("cat", 9))
            .CheckNewAnswer(Row(5, "dog", 2), Row(10, "dog", 1), Row(0, "cat", 1), Row(5, "cat", 1))
            .AddData(input, At("cat", 15), At("dog", 8), At("owl", 13), At("owl", 21))
            .CheckNewAnswer(
                Row(10, "cat", 1), Row(15, "cat", 1), Row(0, "dog", 2), Row(5, "dog", 3),
                Row(5, "owl", 2), Row(10, "owl", 1), Row(15, "owl", 1), Row(20, "owl", 1))
            .AssertWatermark(Noon.AddMinutes(11))
            .AssertStateRows("window-aggregate", 9) // the three windows of [12:00, 12:10) are evicted
            .AddData(input, At("owl", 17), At("donkey", 4))
            .CheckNewAnswer(Row(10, "owl", 2), Row(15, "owl", 2))
            .AssertRowsDroppedByWatermark("window-aggregate", 2) // donkey's two windows ended by 12:11
            .RunAsync();
    }

    [Fact]
    public Task Append_mode_emits_each_window_once_when_the_watermark_passes_its_end()
    {
        var input = new MemorySource<Word>();
        return new QueryTest<WindowedRow<string, long>>(WindowedCounts(input), OutputMode.Append, output)
            .AddData(input, At("dog", 7), At("owl", 8))
            .CheckNewAnswer()
            .AddData(input, At("dog", 14), At("cat", 9))
            .CheckNewAnswer()
            .AddData(input, At("cat", 15), At("dog", 8), At("owl", 13), At("owl", 21))
            .CheckNewAnswer(Row(0, "dog", 2), Row(0, "owl", 1), Row(0, "cat", 1))
            .AddData(input, At("owl", 17), At("donkey", 4))
            .CheckNewAnswer()
            .AddData(input, At("owl", 40))
            .CheckNewAnswer(
                Row(5, "dog", 3), Row(5, "owl", 2), Row(5, "cat", 1),
                Row(10, "dog", 1), Row(10, "cat", 1), Row(10, "owl", 2),
                Row(15, "cat", 1), Row(15, "owl", 2),
                Row(20, "owl", 1))
            .StopQuery()
            .AddData(input, At("owl", 41))
            .StartQuery()
            .CheckNewAnswer()
            .AddData(input, At("owl", 55))
            .CheckNewAnswer(Row(35, "owl", 2))
            .RunAsync();
    }

    [Fact]
    public Task Append_mode_on_a_windowed_aggregation_without_a_watermark_is_refused_with_the_fix()
    {
        var input = new MemorySource<Word>();
        var counts = DataStream.From(input)
            .WithTimestamps(w => w.Time)
            .GroupBy(w => w.Text, Window.Tumbling(TimeSpan.FromMinutes(10)))
            .Count();
        return new QueryTest<WindowedRow<string, long>>(counts, OutputMode.Append, output)
            .ExpectStartRefused("WithWatermark")
            .RunAsync();
    }
}
