using Sluice.Graphs.Joins;
using Sluice.Graphs.Queries;
using Sluice.Graphs.State;
using Sluice.Graphs.Tests.StatefulFunctions;

namespace Sluice.Graphs.Tests.Joins;

public sealed class StreamJoinTests
{
    private const long S = 1000;

    // Rows are (key, time in seconds).
    private static readonly JoinTimeRange RightFrom5sBeforeTo10sAfter = new(Before: TimeSpan.FromSeconds(5), After: TimeSpan.FromSeconds(10));

    private static JoinInput<(int Key, int Time), (int Key, int Time)> L(int key, int time) => JoinInput.OfLeft<(int Key, int Time), (int Key, int Time)>((key, time));

    private static JoinInput<(int Key, int Time), (int Key, int Time)> R(int key, int time) => JoinInput.OfRight<(int Key, int Time), (int Key, int Time)>((key, time));

    private static ShardDriver<int, JoinInput<(int Key, int Time), (int Key, int Time)>, TOut> Drive<TOut>(DataStream<TOut> joined, bool hasWatermark = true) =>
        TestStreams.DriveJoin<(int Key, int Time), (int Key, int Time), int, TOut>(joined, l => l.Time * S, r => r.Time * S, hasWatermark);

    private static DataStream<(int Key, int Time)> Left => TestStreams.Source<(int Key, int Time)>();

    private static DataStream<(int Key, int Time)> Right => TestStreams.Source<(int Key, int Time)>();

    private static int BufferedRows(IStateStore store) => store switch
    {
        StateStore<int, List<BufferedRow<(int Key, int Time)>>> rows => rows.Entries.Sum(e => e.Value.Count),
        _ => throw new InvalidOperationException(store.GetType().Name),
    };

    private static int[] Buffered<TOut>(ShardDriver<int, JoinInput<(int Key, int Time), (int Key, int Time)>, TOut> driver) =>
        driver.Shard.Stores.Select(BufferedRows).ToArray();

    [Fact]
    public void Inner_join_with_a_time_range_matches_Spark_including_eviction_at_inclusive_bounds()
    {
        // Spark's StreamingJoinSuite "stream stream inner join with time range - with watermark - two side conditions":
        // leftTime BETWEEN rightTime - 10 s AND rightTime + 5 s, i.e. rightTime in [leftTime - 5 s, leftTime + 10 s].
        // The watermarks below are Spark's global watermark (min over the inputs' max time - delay, delays 20 s and 30 s).
        var driver = Drive(Left.Join(Right, l => l.Key, r => r.Key, (l, r) => (l.Time, r.Time), RightFrom5sBeforeTo10sAfter));

        Assert.Equal(
            [(20, 15), (20, 25), (20, 26), (20, 30)],
            driver.Epoch([L(1, 20), R(1, 14), R(1, 15), R(1, 25), R(1, 26), R(1, 30), R(1, 31)], watermarkMs: 0));
        Assert.Equal([1, 6], Buffered(driver));

        Assert.Equal([(50, 60), (65, 60)], driver.Epoch([L(1, 49), L(1, 50), L(1, 65), L(1, 66), R(1, 60)], watermarkMs: 0).Order());
        Assert.Equal([5, 7], Buffered(driver));

        // Watermark 30: left rows go when time < 30 - 10 (none); right rows when time < 30 - 5 (14 and 15).
        Assert.Equal([], driver.NoData(watermarkMs: 30 * S));
        Assert.Equal([5, 5], Buffered(driver));

        Assert.Equal([(31, 26), (31, 30), (31, 31)], driver.Epoch([L(1, 30), L(1, 31)], watermarkMs: 30 * S)); // 30 is late
        Assert.Equal(1, driver.LastDropped);
        Assert.Equal([6, 5], Buffered(driver));

        Assert.Equal([], driver.Epoch([R(1, 80)], watermarkMs: 30 * S));
        // Watermark 46: left < 36 go (20, 31); right < 41 go (25, 26, 30, 31).
        Assert.Equal([], driver.NoData(watermarkMs: 46 * S));
        Assert.Equal([4, 2], Buffered(driver));

        Assert.Equal([(49, 50), (50, 50)], driver.Epoch([R(1, 46), R(1, 50)], watermarkMs: 46 * S)); // 46 is late
        Assert.Equal([4, 3], Buffered(driver));
    }

    [Fact]
    public void Rows_of_one_batch_match_each_other_once_in_either_order()
    {
        var driver = Drive(Left.Join(Right, l => l.Key, r => r.Key, (l, r) => (l.Time, r.Time)), hasWatermark: false);

        Assert.Equal([(1, 2), (3, 2), (1, 4), (3, 4)], driver.Epoch([L(1, 1), R(1, 2), L(1, 3), R(1, 4), L(2, 9)]));
        Assert.Equal([(5, 2), (5, 4)], driver.Epoch([L(1, 5)]));
        Assert.Equal([(9, 9)], driver.Epoch([R(2, 9)]));
    }

    [Fact]
    public void Inner_join_without_a_range_keeps_every_row()
    {
        var driver = Drive(Left.Join(Right, l => l.Key, r => r.Key, (l, r) => (l.Time, r.Time)));

        Assert.Equal([], driver.Epoch([L(1, 1), R(2, 1)]));
        Assert.Equal([], driver.NoData(watermarkMs: 100 * S));
        Assert.Equal([1, 1], Buffered(driver));
        Assert.Equal(0, driver.Operator.OutputWatermarkDelayMs);
        Assert.False(driver.Operator.NeedsNoDataBatch(OutputMode.Append, hasWatermark: true));
    }

    [Fact]
    public void Left_outer_join_emits_the_null_row_of_an_unmatched_left_row_when_it_is_evicted()
    {
        var driver = Drive(Left.LeftOuterJoin(Right, l => l.Key, r => r.Key, (l, r) => (l.Time, r.Time), RightFrom5sBeforeTo10sAfter));

        // Left 20 can match right times [15, 30]; left 22 matches right 18.
        Assert.Equal([(22, 18)], driver.Epoch([L(1, 20), L(2, 22), R(2, 18), R(3, 40)]));
        Assert.Equal([], driver.NoData(watermarkMs: 30 * S));        // 20 + 10 = 30 is not < 30: the boundary row stays; right 18 goes
        Assert.Equal([2, 1], Buffered(driver));
        Assert.Equal([(20, 0)], driver.NoData(watermarkMs: 30 * S + 1)); // 20 goes unmatched: null row; 22 matched: no null row
        Assert.Equal([1, 1], Buffered(driver));
        Assert.Equal([], driver.NoData(watermarkMs: 40 * S));        // 22 goes silently (it matched)
        Assert.Equal([0, 1], Buffered(driver));
        Assert.Equal([], driver.NoData(watermarkMs: 45 * S + 1));    // right 40 goes silently (40 + 5 < 45.001)
        Assert.Equal([0, 0], Buffered(driver));
    }

    [Fact]
    public void Right_and_full_outer_joins_pad_the_side_that_never_matched()
    {
        var right = Drive(Left.RightOuterJoin(Right, l => l.Key, r => r.Key, (l, r) => (l.Time, r.Time), RightFrom5sBeforeTo10sAfter));
        Assert.Equal([(10, 12)], right.Epoch([L(1, 10), R(1, 12), R(2, 20), L(3, 3)]));
        Assert.Equal([], right.NoData(watermarkMs: 25 * S));            // right 20 + 5 = 25 is not < 25
        Assert.Equal([(0, 20)], right.NoData(watermarkMs: 25 * S + 1)); // left 3 goes silently in a right outer join

        var full = Drive(Left.FullOuterJoin(Right, l => l.Key, r => r.Key, (l, r) => (l.Time, r.Time), RightFrom5sBeforeTo10sAfter));
        Assert.Equal([(10, 12)], full.Epoch([L(1, 10), R(1, 12), R(2, 20), L(3, 3)]));
        Assert.Equal([(3, 0), (0, 20)], full.NoData(watermarkMs: 26 * S));
        Assert.Equal([0, 0], Buffered(full));
    }

    [Fact]
    public void Left_semi_join_emits_a_left_row_once_at_its_first_match()
    {
        var driver = Drive(Left.LeftSemiJoin(Right, l => l.Key, r => r.Key, RightFrom5sBeforeTo10sAfter));

        Assert.Equal([(1, 10)], driver.Epoch([R(1, 12), L(1, 10), R(1, 13)])); // matched on arrival: emitted once, not buffered
        Assert.Equal([], driver.Epoch([L(1, 20), L(1, 21), L(2, 5)]));           // 20 and 21 need a right row in [15, 30] / [16, 31]
        Assert.Equal([(1, 20), (1, 21)], driver.Epoch([R(1, 25)]));               // one right row releases both
        Assert.Equal([], driver.Epoch([R(1, 26), R(1, 27)]));                     // never again
        Assert.Equal([], driver.NoData(watermarkMs: 100 * S));                    // and no null rows
    }

    [Fact]
    public void Stream_stream_joins_refuse_other_modes_and_outer_joins_without_watermark()
    {
        var inner = Drive(Left.Join(Right, l => l.Key, r => r.Key, (l, r) => (l.Time, r.Time))).Operator;
        Assert.Null(inner.CheckOutputMode(OutputMode.Append, hasWatermark: false));
        Assert.Contains("supports only OutputMode.Append", inner.CheckOutputMode(OutputMode.Update, false), StringComparison.Ordinal);
        Assert.Contains("supports only OutputMode.Append", inner.CheckOutputMode(OutputMode.Complete, true), StringComparison.Ordinal);

        var outer = Drive(Left.LeftOuterJoin(Right, l => l.Key, r => r.Key, (l, r) => (l.Time, r.Time), RightFrom5sBeforeTo10sAfter)).Operator;
        Assert.Contains("needs watermarks and a time range", outer.CheckOutputMode(OutputMode.Append, hasWatermark: false), StringComparison.Ordinal);
        Assert.Null(outer.CheckOutputMode(OutputMode.Append, hasWatermark: true));
        Assert.True(outer.NeedsNoDataBatch(OutputMode.Append, hasWatermark: true));
        Assert.Equal(10 * S + 1, outer.OutputWatermarkDelayMs);

        Assert.Throws<ArgumentException>(() => Left.Join(Right, l => l.Key, r => r.Key, (l, r) => l, new JoinTimeRange(TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(2))));
    }

    [Fact]
    public void Join_buffers_and_matched_flags_survive_a_snapshot_and_a_changelog_replay()
    {
        foreach (var restart in new Action<ShardDriver<int, JoinInput<(int Key, int Time), (int Key, int Time)>, (int, int)>>[]
                 { d => d.RestartFromSnapshot(), d => d.RestartFromChangelog() })
        {
            var driver = Drive(Left.LeftOuterJoin(Right, l => l.Key, r => r.Key, (l, r) => (l.Time, r.Time), RightFrom5sBeforeTo10sAfter));
            Assert.Equal([(21, 20)], driver.Epoch([L(1, 20), L(1, 21), R(1, 20)]).Where(p => p.Item1 == 21).ToList());
            restart(driver);
            Assert.Equal([(22, 20)], driver.Epoch([L(1, 22)]));
            Assert.Equal([], driver.NoData(watermarkMs: 40 * S)); // every left row matched right 20: no null rows
            Assert.Equal([0, 0], Buffered(driver));
        }
    }

    [Fact]
    public void Late_rows_are_dropped_from_both_sides()
    {
        var driver = Drive(Left.Join(Right, l => l.Key, r => r.Key, (l, r) => (l.Time, r.Time), RightFrom5sBeforeTo10sAfter));

        Assert.Equal([], driver.Epoch([L(1, 10), R(1, 10), L(1, 11)], watermarkMs: 10 * S));
        Assert.Equal(2, driver.LastDropped);
        Assert.Equal([L(1, 10), R(1, 10)], driver.LastLate);
        Assert.Equal([1, 0], Buffered(driver));
    }

    [Fact]
    public void Joined_rows_carry_the_left_row_event_time_and_right_padded_rows_the_right_one()
    {
        var driver = Drive(Left.FullOuterJoin(Right, l => l.Key, r => r.Key, (l, r) => (l.Time, r.Time), RightFrom5sBeforeTo10sAfter));

        driver.Epoch([R(1, 12), L(1, 10), R(2, 30)]);
        Assert.Equal([10 * S], driver.LastTimed.Select(r => r.EventTimeMs));
        driver.NoData(watermarkMs: 100 * S);
        Assert.Equal([(0, 30)], driver.LastTimed.Select(r => r.Value));
        Assert.Equal([30 * S], driver.LastTimed.Select(r => r.EventTimeMs));
    }
}
