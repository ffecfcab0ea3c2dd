using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Windows;
using Sluice.TestKit.Queries;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests.Aggregations;

/// <summary>End to end through the query engine: Spark's session-window and running word counts.</summary>
public sealed class SessionAndRunningCountScenarioTests(ITestOutputHelper output)
{
    public sealed record Line(string Text, long Seconds);

    private static WindowedRow<string, long> Session(string word, long start, long end, long count) => new(new TimeWindow(start * 1000, end * 1000), word, count);

    [Fact]
    public Task Session_windows_in_append_mode_give_Sparks_rows()
    {
        // Spark's StreamingSessionWindowSuite "append mode - session window".
        var input = new MemorySource<Line>();
        var sessions = DataStream.From(input)
            .WithTimestamps(l => DateTimeOffset.FromUnixTimeSeconds(l.Seconds))
            .WithWatermark(TimeSpan.FromSeconds(30))
            .SelectMany(l => l.Text.Split(' ').Select(w => new Line(w, l.Seconds)))
            .GroupBy(w => w.Text, Window.Session(TimeSpan.FromSeconds(10)))
            .Count();
        return new QueryTest<WindowedRow<string, long>>(sessions, OutputMode.Append, output)
            .AddData(input, new Line("hello world spark streaming", 40), new Line("world hello structured streaming", 41))
            .CheckNewAnswer()
            .AddData(input, new Line("spark streaming", 25))
            .CheckNewAnswer()
            .AddData(input, new Line("spark streaming", 0))
            .CheckNewAnswer()
            .AssertRowsDroppedByWatermark("session-aggregate", 2)
            .AddData(input, new Line("spark streaming", 30))
            .CheckNewAnswer()
            .AddData(input, new Line("hello apache spark", 60))
            .CheckNewAnswer()
            .AddData(input, new Line("structured streaming", 90))
            .CheckNewAnswer(
                Session("spark", 25, 50, 3), Session("streaming", 25, 51, 4), Session("hello", 40, 51, 2),
                Session("world", 40, 51, 2), Session("structured", 41, 51, 1))
            .RunAsync();
    }

    [Fact]
    public Task A_running_word_count_in_update_and_complete_mode()
    {
        var input = new MemorySource<string>();
        var counts = DataStream.From(input).SelectMany(l => l.Split(' ')).GroupBy(w => w).Count();
        return new QueryTest<KeyedValue<string, long>>(counts, OutputMode.Update, output)
            .AddData(input, "a b a")
            .CheckNewAnswer(new("a", 2), new("b", 1))
            .AddData(input, "b c")
            .CheckNewAnswer(new("b", 2), new("c", 1))
            .StopQuery()
            .StartQuery()
            .AddData(input, "a")
            .CheckNewAnswer(new KeyedValue<string, long>("a", 3))
            .AssertStateRows("aggregate", 3)
            .RunAsync();
    }

    [Fact]
    public Task A_running_count_in_append_mode_is_refused_with_the_fix()
    {
        var input = new MemorySource<string>();
        var counts = DataStream.From(input).GroupBy(w => w).Count();
        return new QueryTest<KeyedValue<string, long>>(counts, OutputMode.Append, output)
            .ExpectStartRefused("Use OutputMode.Update or OutputMode.Complete")
            .RunAsync();
    }
}
