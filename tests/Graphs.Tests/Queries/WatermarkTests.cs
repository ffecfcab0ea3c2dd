using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sources;
using Sluice.TestKit.Queries;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests.Queries;

public sealed class WatermarkTests(ITestOutputHelper output)
{
    private static DateTimeOffset Seconds(long s) => DateTimeOffset.FromUnixTimeMilliseconds(s * 1000);

    /// <summary>Seconds as event times, a 10 s watermark, 5 s tumbling windows counted (Spark's EventTimeWatermarkSuite "append mode").</summary>
    private static DataStream<(long Start, long Count)> Windowed(MemorySource<long> seconds, TimeSpan? idle = null) =>
        DataStream.From(seconds)
            .Select(s => s * 1000)
            .WithWatermark(ms => DateTimeOffset.FromUnixTimeMilliseconds(ms), TimeSpan.FromSeconds(10), idle)
            .Stateful(ms => WindowCount.WindowOf(ms, 5000), new WindowCount(5000));

    [Fact]
    public Task Append_emits_a_window_in_the_no_data_batch_after_the_watermark_passes_its_end()
    {
        var input = new MemorySource<long>();
        return new QueryTest<(long, long)>(Windowed(input), OutputMode.Append, output)
            .AddData(input, 10, 11, 12, 13, 14, 15)
            .CheckNewAnswer()
            .AssertWatermark(5000)
            .AddData(input, 25) // watermark -> 15 s at the end of this batch; the no-data batch closes [10, 15)
            .CheckNewAnswer((10_000L, 5L))
            .AssertStateRows("window-count", 2)
            .AssertRowsDroppedByWatermark("window-count", 0)
            .AddData(input, 10) // late: its window ended at 15 <= watermark 15
            .CheckNewAnswer()
            .AssertStateRows("window-count", 2)
            .AssertRowsDroppedByWatermark("window-count", 1)
            .Assert(q => Assert.Equal(
                [(6L, 0L), (0L, 0L), (1L, 0L), (0L, 1L), (1L, 0L)],
                q.RecentProgress.Select(p => (p.NumInputRows, p.Sink.NumOutputRows))), "each raise of the watermark is followed by a no-data batch")
            .RunAsync();
    }

    [Fact]
    public Task Watermark_is_computed_at_the_end_of_a_batch_and_used_by_the_next()
    {
        var input = new MemorySource<long>();
        return new QueryTest<(long, long)>(Windowed(input), OutputMode.Update, output)
            .AddData(input, 15)
            .CheckNewAnswer((15_000L, 1L))
            .AssertEventTimeStats(min: Seconds(15), max: Seconds(15), avg: Seconds(15), watermark: Seconds(0))
            .AssertWatermark(Seconds(5))
            .AddData(input, 4, 20) // 4 is in [0, 5): late for watermark 5 (end 5 <= 5)
            .CheckNewAnswer((20_000L, 1L))
            .AssertEventTimeStats(min: Seconds(4), max: Seconds(20), avg: Seconds(12), watermark: Seconds(5))
            .AssertRowsDroppedByWatermark("window-count", 1)
            .AssertWatermark(Seconds(10))
            .RunAsync();
    }

    [Fact]
    public Task Watermark_never_decreases()
    {
        var input = new MemorySource<long>();
        return new QueryTest<(long, long)>(Windowed(input), OutputMode.Update, output)
            .AddData(input, 30)
            .CheckNewAnswer((30_000L, 1L))
            .AssertWatermark(Seconds(20))
            .AddData(input, 21)
            .CheckNewAnswer((20_000L, 1L))
            .AssertWatermark(Seconds(20))
            .RunAsync();
    }

    [Fact]
    public Task Global_watermark_is_the_minimum_over_inputs_and_an_input_without_data_holds_it_at_zero()
    {
        var left = new MemorySource<long>("left");
        var right = new MemorySource<long>("right");
        var stream = Input(left, 10).Union(Input(right, 5)).Stateful(ms => WindowCount.WindowOf(ms, 5000), new WindowCount(5000));
        return new QueryTest<(long, long)>(stream, OutputMode.Update, output)
            .AddData(left, 100)
            .CheckNewAnswer((100_000L, 1L))
            .AssertWatermark(0)
            .AddData(() =>
            {
                left.AddData(120);
                right.AddData(50);
            }, "left 120, right 50")
            .CheckNewAnswer((120_000L, 1L), (50_000L, 1L))
            .AssertWatermark(Seconds(45)) // min(120 - 10, 50 - 5)
            .Assert(q => Assert.Equal(2, q.RecentProgress.Count(p => p.NumInputRows > 0)), "both inputs read in one batch")
            .RunAsync();
    }

    [Fact]
    public Task Max_policy_takes_the_fastest_input()
    {
        var left = new MemorySource<long>("left");
        var right = new MemorySource<long>("right");
        var stream = Input(left, 10).Union(Input(right, 5)).Stateful(ms => WindowCount.WindowOf(ms, 5000), new WindowCount(5000));
        return new QueryTest<(long, long)>(stream, OutputMode.Update, output)
            .Configure(w => w.MultipleWatermarkPolicy(WatermarkPolicy.Max))
            .AddData(left, 100)
            .CheckNewAnswer((100_000L, 1L))
            .AssertWatermark(Seconds(90))
            .RunAsync();
    }

    [Fact]
    public Task An_idle_input_advances_its_watermark_on_the_processing_clock()
    {
        var active = new MemorySource<long>("active");
        var idle = new MemorySource<long>("idle");
        var stream = Input(active, 10).Union(Input(idle, 10, TimeSpan.FromSeconds(30)))
            .Stateful(ms => WindowCount.WindowOf(ms, 5000), new WindowCount(5000));
        return new QueryTest<(long, long)>(stream, OutputMode.Append, output, Trigger.ProcessingTime(TimeSpan.FromSeconds(10)))
            .AddData(active, 20)
            .AdvanceClock(TimeSpan.FromSeconds(10)) // batch 0 at t=10s: nothing closes, the idle input holds the watermark at 0
            .CheckNewAnswer()
            .AssertWatermark(0)
            .AdvanceClock(TimeSpan.FromSeconds(20)) // t=30s: the idle input is idle for 30 s -> its watermark is 30 - 10 = 20 s; min(10, 20) = 10
            .AssertWatermark(Seconds(10))
            .AddData(active, 40)
            .AdvanceClock(TimeSpan.FromSeconds(10)) // t=40s: the active input reaches 30, the idle one 30 -> 30; [20,25) closes in the next batch
            .AdvanceClock(TimeSpan.FromSeconds(10))
            .CheckNewAnswer((20_000L, 1L))
            .RunAsync();
    }

    [Fact]
    public Task A_filter_right_after_the_watermark_runs_before_it_so_filtered_rows_do_not_raise_it()
    {
        var input = new MemorySource<long>();
        var stream = DataStream.From(input).Select(s => s * 1000)
            .WithWatermark(ms => DateTimeOffset.FromUnixTimeMilliseconds(ms), TimeSpan.FromSeconds(10))
            .Where(ms => ms < 100_000)
            .Stateful(ms => WindowCount.WindowOf(ms, 5000), new WindowCount(5000));
        return new QueryTest<(long, long)>(stream, OutputMode.Update, output)
            .AddData(input, 20, 500)
            .CheckNewAnswer((20_000L, 1L))
            .AssertWatermark(Seconds(10))
            .AssertEventTimeStats(min: Seconds(20), max: Seconds(20))
            .RunAsync();
    }

    private static DataStream<long> Input(MemorySource<long> source, long delaySeconds, TimeSpan? idle = null) =>
        DataStream.From(source).Select(s => s * 1000)
            .WithWatermark(ms => DateTimeOffset.FromUnixTimeMilliseconds(ms), TimeSpan.FromSeconds(delaySeconds), idle);
}
