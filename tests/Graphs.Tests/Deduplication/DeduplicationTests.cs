using Sluice.Graphs.Deduplication;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Plan;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Tests.StatefulFunctions;

namespace Sluice.Graphs.Tests.Deduplication;

public sealed class DeduplicationTests
{
    private const long S = 1000;

    [Fact]
    public void Without_event_time_the_first_row_of_a_key_wins_and_keys_are_kept_forever()
    {
        // Spark's StreamingDeduplicationSuite "deduplicate with some columns".
        var driver = TestStreams.Drive<(string, int), string, (string, int)>(TestStreams.Source<(string, int)>().DropDuplicates(r => r.Item1));

        Assert.Equal([("a", 1)], driver.Epoch([("a", 1)]));
        Assert.Equal([], driver.Epoch([("a", 2)]));
        Assert.Equal([("b", 1)], driver.Epoch([("b", 1), ("a", 3), ("b", 2)]));
        Assert.Equal([2], driver.StoreCounts);
        Assert.Equal([], driver.NoData(watermarkMs: long.MaxValue - 1));
        Assert.Equal([2], driver.StoreCounts);
    }

    [Fact]
    public void Within_a_batch_the_first_row_in_input_order_is_kept()
    {
        var driver = TestStreams.Drive<(string, int), string, (string, int)>(TestStreams.Source<(string, int)>().DropDuplicates(r => r.Item1));

        Assert.Equal([("x", 3), ("y", 1)], driver.Epoch([("x", 3), ("x", 1), ("y", 1), ("x", 2)], rowsPerCall: 1));
    }

    [Fact]
    public void With_event_time_in_the_key_entries_go_at_the_watermark_and_late_rows_are_counted()
    {
        // Spark's "deduplicate with watermark": value v has event time v seconds, watermark delay 10 s.
        var driver = TestStreams.Drive<long, long, long>(
            TestStreams.Source<long>().DropDuplicates(v => v, includeEventTime: true), v => v * S, hasWatermark: true);

        Assert.Equal([10L, 11, 12, 13, 14, 15], driver.Epoch(Enumerable.Range(1, 5).SelectMany(_ => Enumerable.Range(10, 6)).Select(v => (long)v)));
        Assert.Equal([6], driver.StoreCounts);
        Assert.Equal([25L], driver.Epoch([25], watermarkMs: 5 * S)); // watermark -> 15 s
        Assert.True(driver.Operator.NeedsNoDataBatch(OutputMode.Append, hasWatermark: true));
        Assert.Equal([], driver.NoData(watermarkMs: 15 * S));          // drops 10..15 (<= 15)
        Assert.Equal([1], driver.StoreCounts);
        Assert.Equal([], driver.Epoch([10], watermarkMs: 15 * S));
        Assert.Equal(1, driver.LastDropped);
        Assert.Equal([10L], driver.LastLate);
        Assert.Equal([45L], driver.Epoch([45], watermarkMs: 15 * S)); // watermark -> 35 s
        Assert.Equal([], driver.NoData(watermarkMs: 35 * S));
        Assert.Equal([1], driver.StoreCounts);
    }

    [Fact]
    public void Event_time_in_the_key_distinguishes_rows_of_one_id_at_different_times()
    {
        // Spark's SPARK-19841 "watermarkPredicate should filter based on keys": (time s, id), delay 1 s.
        var driver = TestStreams.Drive<(int Time, int Id), int, (int Time, int Id)>(
            TestStreams.Source<(int Time, int Id)>().DropDuplicates(r => r.Id, includeEventTime: true),
            r => r.Time * S,
            hasWatermark: true);
        List<int> Ids(List<(int Time, int Id)> rows) => rows.Select(r => r.Id).ToList();

        Assert.Equal([1, 2], Ids(driver.Epoch([(1, 1), (1, 1), (1, 2)], watermarkMs: 0)));
        Assert.Equal([3, 4], Ids(driver.Epoch([(1, 1), (2, 3), (2, 4)], watermarkMs: 0))); // watermark -> 1 s
        Assert.Equal([], driver.NoData(watermarkMs: 1 * S));
        Assert.Equal([5, 6], Ids(driver.Epoch([(1, 0), (1, 1), (3, 5), (3, 6)], watermarkMs: 1 * S))); // (1, 0), (1, 1) late
        Assert.Equal(2, driver.LastDropped);
        Assert.Equal([7], Ids(driver.Epoch([(1, 0), (4, 7)], watermarkMs: 2 * S)));
    }

    [Fact]
    public void Without_event_time_in_the_key_a_watermark_still_drops_late_rows()
    {
        var driver = TestStreams.Drive<(int Time, int Id), int, (int Time, int Id)>(
            TestStreams.Source<(int Time, int Id)>().DropDuplicates(r => r.Id), r => r.Time * S, hasWatermark: true);

        Assert.Equal([(1, 1), (2, 2)], driver.Epoch([(1, 1), (2, 1), (2, 2)], watermarkMs: 0));
        Assert.Equal([(9, 3)], driver.Epoch([(5, 3), (9, 3)], watermarkMs: 5 * S));
        Assert.Equal(1, driver.LastDropped);
        Assert.Equal([], driver.NoData(watermarkMs: 100 * S));
        Assert.Equal([3], driver.StoreCounts); // nothing is evicted
    }

    [Fact]
    public void Within_watermark_a_key_is_kept_until_first_time_plus_delay_reaches_the_watermark()
    {
        var driver = TestStreams.Drive<(string Id, int Time), string, (string Id, int Time)>(
            TestStreams.Source<(string Id, int Time)>().DropDuplicatesWithinWatermark(r => r.Id, TimeSpan.FromSeconds(10)),
            r => r.Time * S,
            hasWatermark: true);
        Assert.Equal("dedupeWithinWatermark", driver.Operator.Name);

        Assert.Equal([("a", 10), ("b", 11)], driver.Epoch([("a", 10), ("a", 12), ("b", 11)], watermarkMs: 0)); // a until 20 s, b until 21 s
        Assert.Equal([], driver.Epoch([("a", 15)], watermarkMs: 2 * S));
        Assert.Equal([("c", 30)], driver.Epoch([("c", 30)], watermarkMs: 5 * S)); // watermark -> 20 s
        Assert.Equal([], driver.NoData(watermarkMs: 20 * S));                       // a goes (20 <= 20), b stays (21 > 20)
        Assert.Equal([2], driver.StoreCounts);
        Assert.Equal([("a", 25)], driver.Epoch([("a", 25), ("b", 24), ("x", 19)], watermarkMs: 20 * S));
        Assert.Equal(1, driver.LastDropped);
        Assert.Equal([("x", 19)], driver.LastLate);
    }

    [Fact]
    public void Within_watermark_takes_its_delay_from_the_watermark_above_it_as_Spark_does()
    {
        var input = new MemorySource<(string Id, long Time)>();
        var fast = DataStream.From(input).WithTimestamps(r => SparkStateFunctions.Sec(r.Time)).WithWatermark(TimeSpan.FromSeconds(5));
        var slow = DataStream.From(input).WithTimestamps(r => SparkStateFunctions.Sec(r.Time)).WithWatermark(TimeSpan.FromSeconds(10));

        Assert.Equal(5_000, DelayOf(fast.Select(r => r).DropDuplicatesWithinWatermark(r => r.Id)));
        Assert.Equal(10_000, DelayOf(fast.Union(slow).DropDuplicatesWithinWatermark(r => r.Id)));
        Assert.Equal(2_000, DelayOf(slow.DropDuplicatesWithinWatermark(r => r.Id, TimeSpan.FromSeconds(2))));
        Assert.Equal(0, DelayOf(DataStream.From(input).DropDuplicatesWithinWatermark(r => r.Id)));

        static long DelayOf(DataStream<(string Id, long Time)> stream) =>
            ((DeduplicateOperator<string, (string Id, long Time)>)((StatefulPlanNode<string, (string Id, long Time), (string Id, long Time)>)stream.Node).Operator).WatermarkDelayMs;
    }

    [Fact]
    public void Within_watermark_needs_a_watermark()
    {
        var op = TestStreams.Drive<string, string, string>(TestStreams.Source<string>().DropDuplicatesWithinWatermark(v => v, TimeSpan.FromSeconds(1))).Operator;

        Assert.Contains("needs a watermark", op.CheckOutputMode(OutputMode.Append, hasWatermark: false), StringComparison.Ordinal);
        Assert.Null(op.CheckOutputMode(OutputMode.Append, hasWatermark: true));
    }

    [Fact]
    public void Dedup_state_survives_a_snapshot_and_a_changelog_replay()
    {
        var driver = TestStreams.Drive<(string Id, int Time), string, (string Id, int Time)>(
            TestStreams.Source<(string Id, int Time)>().DropDuplicates(r => r.Id, includeEventTime: true), r => r.Time * S, hasWatermark: true);

        driver.Epoch([("a", 10), ("b", 11)]);
        driver.NoData(watermarkMs: 10 * S); // (a, 10) evicted
        driver.RestartFromSnapshot();
        Assert.Equal([("a", 12)], driver.Epoch([("b", 11), ("a", 12)], watermarkMs: 10 * S));
        driver.RestartFromChangelog();
        Assert.Equal([], driver.Epoch([("b", 11), ("a", 12)], watermarkMs: 10 * S));
        Assert.Equal([2], driver.StoreCounts);
    }
}
