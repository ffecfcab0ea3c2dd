using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Xunit.Abstractions;
using static Sluice.Graphs.Tests.Aggregations.Rows;

namespace Sluice.Graphs.Tests.Aggregations;

public class ReduceByKeyAndWindowTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Size = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Slide = TimeSpan.FromSeconds(2);

    private static AggregationHarness<Event, string, WindowedRow<string, long>> Harness(bool inverse, OutputMode mode, TimeSpan? delay)
    {
        var source = TestSourceNode.Stream<Event>();
        var stream = inverse
            ? source.ReduceByKeyAndWindow(e => e.Key, e => e.Seconds, (a, b) => a + b, (a, b) => a - b, Size, Slide)
            : source.ReduceByKeyAndWindow(e => e.Key, e => e.Seconds, (a, b) => a + b, Size, Slide);
        return new(stream, mode, Ms, delay);
    }

    public enum Batches
    {
        WithNoDataBatches,
        WithoutNoDataBatches,
        Chained,
    }

    [Theory]
    [InlineData(OutputMode.Append, Batches.WithNoDataBatches)]
    [InlineData(OutputMode.Append, Batches.WithoutNoDataBatches)]
    [InlineData(OutputMode.Append, Batches.Chained)]
    [InlineData(OutputMode.Update, Batches.WithNoDataBatches)]
    [InlineData(OutputMode.Update, Batches.WithoutNoDataBatches)]
    [InlineData(OutputMode.Update, Batches.Chained)]
    [InlineData(OutputMode.Complete, Batches.WithNoDataBatches)]
    public void The_inverse_reduce_over_panes_gives_the_rows_of_recomputing_every_window(OutputMode mode, Batches batches)
    {
        RunRandomComparison(mode, batches, 10525319);
        RunRandomComparison(mode, batches, Environment.TickCount);
    }

    private void RunRandomComparison(OutputMode mode, Batches batches, int seed)
    {
        log.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var incremental = Harness(true, mode, TimeSpan.FromSeconds(6));
        var recomputed = Harness(false, mode, TimeSpan.FromSeconds(6));
        incremental.RunNoDataBatches = recomputed.RunNoDataBatches = batches == Batches.WithNoDataBatches;
        var now = 0L;
        var eviction = 0L;
        for (var batch = 0; batch < 60; batch++)
        {
            var rows = new Event[random.Next(0, 8)];
            for (var i = 0; i < rows.Length; i++)
            {
                // Mostly moving forward, some rows far behind the watermark, some with gaps longer than a window.
                now += random.Next(0, 4) == 0 ? random.Next(0, 25) : random.Next(0, 3);
                var time = random.Next(0, 5) == 0 ? now - random.Next(0, 30) : now;
                rows[i] = new Event(((char)('a' + random.Next(0, 3))).ToString(), time);
            }

            if (batches == Batches.Chained)
            {
                // A chained operator judges lateness by the previous eviction watermark.
                var lateness = eviction;
                eviction += random.Next(0, 3) * 1000L;
                Assert.Equal(Of(recomputed.RunEpoch(lateness, eviction, rows)), Of(incremental.RunEpoch(lateness, eviction, rows)));
            }
            else
            {
                Assert.Equal(Of(recomputed.AddData(rows)), Of(incremental.AddData(rows)));
            }

            Assert.Equal(recomputed.LastDroppedByWatermark, incremental.LastDroppedByWatermark);
            if (batch == 20)
            {
                incremental.RestartFromSnapshot();
            }
            else if (batch == 40)
            {
                incremental.RestartFromChangelog();
            }
        }
    }

    [Fact]
    public void A_sliding_sum_keeps_one_pane_per_slide_and_emits_each_window_once_in_append_mode()
    {
        var h = Harness(true, OutputMode.Append, TimeSpan.Zero);
        // The watermark moves to 3: the no-data batch closes [-8, 2).
        Assert.Equal(Expect("a [-8, 2) 1"), Of(h.AddData(new Event("a", 1), new Event("a", 3), new Event("b", 3))));
        Assert.Equal(4, h.StateRows); // panes (a,[0,2)), (a,[2,4)), (b,[2,4)) and the emitted bound
        Assert.Equal(
            Expect("a [-6, 4) 4", "a [-4, 6) 4", "a [-2, 8) 4", "a [0, 10) 4", "b [-6, 4) 3", "b [-4, 6) 3", "b [-2, 8) 3", "b [0, 10) 3"),
            Of(h.AddData(new Event("a", 10))));
        Assert.Equal(4, h.StateRows); // (a,[0,2)) is gone with its last window; (a,[2,4)), (b,[2,4)), (a,[10,12)) and the bound remain
    }

    [Fact]
    public void A_size_that_is_not_a_multiple_of_the_slide_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TestSourceNode.Stream<Event>().ReduceByKeyAndWindow(
            e => e.Key, e => e.Seconds, (a, b) => a + b, (a, b) => a - b, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void Count_by_window_and_count_by_value_and_window_count_rows_per_sliding_window()
    {
        var source = TestSourceNode.Stream<string>();
        var byWindow = new AggregationHarness<string, int, WindowedValue<long>>(
            source.CountByWindow(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2)), OutputMode.Complete, w => w.Length * 1000L, null);
        Assert.Equal(Expect("[-2, 2) 1", "[0, 4) 3", "[2, 6) 3", "[4, 8) 1"), Of(byWindow.AddData("a", "bbb", "ccc", "dddd")));

        var byValue = new AggregationHarness<string, string, WindowedRow<string, long>>(
            source.CountByValueAndWindow(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2)), OutputMode.Complete, w => w.Length * 1000L, null);
        Assert.Equal(Expect("a [-2, 2) 1", "a [0, 4) 1", "bbb [0, 4) 2", "bbb [2, 6) 2"), Of(byValue.AddData("a", "bbb", "bbb")));
    }
}
