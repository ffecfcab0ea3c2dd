using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.State;
using static Sluice.Graphs.Tests.Aggregations.Rows;

namespace Sluice.Graphs.Tests.Aggregations;

public class AggregationTests
{
    private static AggregationHarness<Event, string, KeyedValue<string, TValue>> Run<TValue>(DataStream<KeyedValue<string, TValue>> stream, OutputMode mode) =>
        new(stream, mode, Ms, TimeSpan.FromSeconds(10));

    private static DataStream<Event> Source => TestSourceNode.Stream<Event>();

    [Fact]
    public void Update_mode_emits_the_keys_changed_in_the_epoch_with_their_running_count()
    {
        var h = Run(Source.GroupBy(e => e.Key).Count(), OutputMode.Update);
        Assert.Equal(Expect("a 2", "b 1"), Of(h.AddData(new Event("a", 1), new Event("b", 2), new Event("a", 3))));
        Assert.Equal(Expect("a 3"), Of(h.AddData(new Event("a", 100))));
        Assert.Equal(Expect("b 2"), Of(h.AddData(new Event("b", 1)))); // no window: nothing is late
        Assert.Equal(0, h.LastDroppedByWatermark);
        Assert.Equal(EventTime.None, h.LastOutput[0].EventTimeMs);
    }

    [Fact]
    public void Complete_mode_emits_every_key_every_epoch()
    {
        var h = Run(Source.GroupBy(e => e.Key).Count(), OutputMode.Complete);
        h.AddData(new Event("a", 1), new Event("b", 2));
        Assert.Equal(Expect("a 2", "b 1"), Of(h.AddData(new Event("a", 5))));
        Assert.Equal(Expect("a 2", "b 1"), Of(h.AddData()));
    }

    [Fact]
    public void Append_mode_is_refused_with_the_fix()
    {
        var op = Run(Source.GroupBy(e => e.Key).Count(), OutputMode.Update).Operator;
        var message = op.CheckOutputMode(OutputMode.Append, true);
        Assert.Contains("Append output mode is not supported", message, StringComparison.Ordinal);
        Assert.Contains("Window.Tumbling", message, StringComparison.Ordinal);
        Assert.False(op.NeedsNoDataBatch(OutputMode.Update, true));
    }

    [Fact]
    public void Sum_min_max_average_aggregate_and_reduce_per_key()
    {
        Event[] rows = [new("a", 4), new("b", 10), new("a", 2), new("a", 9)];
        Assert.Equal(Expect("a 15", "b 10"), Of(Run(Source.GroupBy(e => e.Key).Sum(e => e.Seconds), OutputMode.Update).AddData(rows)));
        Assert.Equal(Expect("a 2", "b 10"), Of(Run(Source.GroupBy(e => e.Key).Min(e => e.Seconds), OutputMode.Update).AddData(rows)));
        Assert.Equal(Expect("a 9", "b 10"), Of(Run(Source.GroupBy(e => e.Key).Max(e => e.Seconds), OutputMode.Update).AddData(rows)));
        Assert.Equal(Expect("a 5", "b 10"), Of(Run(Source.GroupBy(e => e.Key).Average(e => e.Seconds), OutputMode.Update).AddData(rows)));
        Assert.Equal(
            Expect("a 3", "b 1"),
            Of(Run(Source.GroupBy(e => e.Key).Aggregate((Count: 0, Sum: 0L), (acc, e) => (acc.Count + 1, acc.Sum + e.Seconds), null, acc => acc.Count), OutputMode.Update).AddData(rows)));

        var reduced = new AggregationHarness<Event, string, KeyedValue<string, Event>>(
            Source.ReduceByKey(e => e.Key, (x, y) => x.Seconds >= y.Seconds ? x : y), OutputMode.Update, Ms, null);
        Assert.Equal(Expect("a Event { Key = a, Seconds = 9 }", "b Event { Key = b, Seconds = 10 }"), Of(reduced.AddData(rows)));
    }

    [Fact]
    public void A_restart_from_a_snapshot_or_from_the_changelog_continues_the_counts()
    {
        var h = Run(Source.GroupBy(e => e.Key).Average(e => e.Seconds), OutputMode.Update);
        h.AddData(new Event("a", 1), new Event("b", 2));
        h.RestartFromSnapshot();
        h.AddData(new Event("a", 3));
        h.RestartFromChangelog();
        Assert.Equal(Expect("a 3", "b 3"), Of(h.AddData(new Event("a", 5), new Event("b", 4))));
    }
}
