using Sluice.Graphs.Joins;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Tests.StatefulFunctions;
using Sluice.TestKit.Queries;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests.Joins;

/// <summary>Spark's scenarios for stream–stream joins, end to end through the query engine and its TestKit.</summary>
public sealed class JoinScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public Task Time_range_inner_join_matches_Spark_and_evicts_by_the_global_watermark()
    {
        // Spark's StreamingJoinSuite "stream stream inner join with time range - with watermark - two side conditions".
        var left = new MemorySource<(int Key, int Time)>("left");
        var right = new MemorySource<(int Key, int Time)>("right");
        var leftStream = DataStream.From(left).WithTimestamps(r => SparkStateFunctions.Sec(r.Time)).WithWatermark(TimeSpan.FromSeconds(20));
        var rightStream = DataStream.From(right).WithTimestamps(r => SparkStateFunctions.Sec(r.Time)).WithWatermark(TimeSpan.FromSeconds(30));
        var joined = leftStream.Join(
            rightStream, l => l.Key, r => r.Key, (l, r) => (l.Key, l.Time, r.Time),
            new JoinTimeRange(Before: TimeSpan.FromSeconds(5), After: TimeSpan.FromSeconds(10)));
        return new QueryTest<(int, int, int)>(joined, OutputMode.Append, output)
            .AddData(() =>
            {
                left.AddData((1, 20));
                right.AddData((1, 14), (1, 15), (1, 25), (1, 26), (1, 30), (1, 31));
            })
            .CheckNewAnswer((1, 20, 15), (1, 20, 25), (1, 20, 26), (1, 20, 30))
            .AssertStateRows("symmetricHashJoin", total: 7, updated: 7) // state rows are buffered rows, not keys
            .AddData(() =>
            {
                left.AddData((1, 49), (1, 50), (1, 65), (1, 66));
                right.AddData((1, 60));
            })
            .CheckNewAnswer((1, 65, 60), (1, 50, 60))
            .AssertStateRows("symmetricHashJoin", total: 10, updated: 5) // the no-data batch at watermark 30 evicts right 14 and 15
            .AddData(left, (1, 30), (1, 31))
            .CheckNewAnswer((1, 31, 26), (1, 31, 30), (1, 31, 31))
            .AssertRowsDroppedByWatermark("symmetricHashJoin", 1)
            .AssertStateRows("symmetricHashJoin", total: 11, updated: 1)
            .AddData(right, (1, 80))
            .CheckNewAnswer()
            .AssertStateRows("symmetricHashJoin", total: 6, updated: 1) // watermark 46: left 20, 31 and right 25..31 go
            .AddData(right, (1, 46), (1, 50))
            .CheckNewAnswer((1, 49, 50), (1, 50, 50))
            .AssertStateRows("symmetricHashJoin", total: 7, updated: 1)
            .RunAsync();
    }

    [Fact]
    public Task Left_outer_join_emits_null_rows_for_unmatched_left_rows_once_the_watermark_passes_them()
    {
        var left = new MemorySource<(int Key, int Time)>("left");
        var right = new MemorySource<(int Key, int Time)>("right");
        var joined = DataStream.From(left).WithTimestamps(r => SparkStateFunctions.Sec(r.Time)).WithWatermark(TimeSpan.FromSeconds(10)).LeftOuterJoin(
            DataStream.From(right).WithTimestamps(r => SparkStateFunctions.Sec(r.Time)).WithWatermark(TimeSpan.FromSeconds(10)),
            l => l.Key,
            r => r.Key,
            (l, r) => (l.Time, r.Time),
            new JoinTimeRange(Before: TimeSpan.Zero, After: TimeSpan.FromSeconds(5)));
        return new QueryTest<(int, int)>(joined, OutputMode.Append, output)
            .AddData(() =>
            {
                left.AddData((1, 10), (2, 11));
                right.AddData((1, 12));
            })
            .CheckNewAnswer((10, 12))
            .AddData(() =>
            {
                left.AddData((3, 40));
                right.AddData((3, 40));
            })
            .CheckNewAnswer((40, 40), (11, 0)) // watermark 30: left 11 + 5 < 30 goes unmatched; left 10 matched: no null row
            .RunAsync();
    }

    [Fact]
    public Task An_outer_join_without_watermarks_or_in_update_mode_is_refused_at_start()
    {
        var left = new MemorySource<(int Key, int Time)>("left");
        var right = new MemorySource<(int Key, int Time)>("right");
        var joined = DataStream.From(left).LeftOuterJoin(
            DataStream.From(right), l => l.Key, r => r.Key, (l, r) => (l.Time, r.Time), new JoinTimeRange(TimeSpan.Zero, TimeSpan.FromSeconds(5)));
        return new QueryTest<(int, int)>(joined, OutputMode.Append, output)
            .ExpectStartRefused("needs watermarks and a time range")
            .RunAsync();
    }
}
