using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Windows;
using static Sluice.Graphs.Tests.Aggregations.Rows;

namespace Sluice.Graphs.Tests.Aggregations;

public class SessionAggregationTests
{
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Thirty = TimeSpan.FromSeconds(30);

    // Spark's StreamingSessionWindowSuite: words of a line are session ids, session_window(eventTime, 10 seconds),
    // count, withWatermark 30 seconds.
    private static AggregationHarness<Event, string, WindowedRow<string, long>> SparkSessions(OutputMode mode, WindowAssigner? window = null) =>
        new(TestSourceNode.Stream<Event>().GroupBy(e => e.Key, window ?? Window.Session(Ten)).Count(), mode, Ms, Thirty);

    [Fact]
    public void Complete_mode_merges_sessions_placed_before_between_and_after_the_existing_ones()
    {
        var h = SparkSessions(OutputMode.Complete);

        Assert.Equal(
            Expect("hello [40, 51) 2", "world [40, 51) 2", "streaming [40, 51) 2", "spark [40, 50) 1", "structured [41, 51) 1"),
            Of(h.AddData(Concat(Words("hello world spark streaming", 40), Words("world hello structured streaming", 41)))));

        Assert.Equal(
            Expect("spark [25, 35) 1", "streaming [25, 35) 1", "hello [40, 51) 2", "world [40, 51) 2", "streaming [40, 51) 2", "spark [40, 50) 1", "structured [41, 51) 1"),
            Of(h.AddData(Words("spark streaming", 25))));

        // [30, 40) overlaps [25, 35) and touches [40, 50): all three become one session.
        Assert.Equal(
            Expect("spark [25, 50) 3", "streaming [25, 51) 4", "hello [40, 51) 2", "world [40, 51) 2", "structured [41, 51) 1"),
            Of(h.AddData(Words("spark streaming", 30))));

        Assert.Equal(
            Expect(
                "spark [25, 50) 3", "streaming [25, 51) 4", "hello [40, 51) 2", "world [40, 51) 2", "structured [41, 51) 1",
                "hello [60, 70) 1", "apache [60, 70) 1", "spark [60, 70) 1"),
            Of(h.AddData(Words("hello apache spark", 60))));
    }

    [Fact]
    public void Append_mode_emits_a_session_once_the_watermark_passes_its_end_and_drops_late_rows()
    {
        var h = SparkSessions(OutputMode.Append);

        Assert.Empty(h.AddData(Concat(Words("hello world spark streaming", 40), Words("world hello structured streaming", 41))));
        Assert.Equal(Rows.Ms(11), h.Watermark);
        Assert.Empty(h.AddData(Words("spark streaming", 25)));
        Assert.Empty(h.AddData(Words("spark streaming", 0))); // sessions ending at 10 <= watermark 11
        Assert.Equal(2, h.LastDroppedByWatermark);
        Assert.Empty(h.AddData(Words("spark streaming", 30)));
        Assert.Empty(h.AddData(Words("hello apache spark", 60)));
        Assert.Equal(
            Expect("spark [25, 50) 3", "streaming [25, 51) 4", "hello [40, 51) 2", "world [40, 51) 2", "structured [41, 51) 1"),
            Of(h.AddData(Words("structured streaming", 90))));
        Assert.Equal(5, h.StateRows); // keys with open sessions: hello, apache, spark, structured, streaming
        Assert.Equal(50_999, h.LastOutput.Single(r => r.Value.Key == "world").EventTimeMs);
    }

    [Fact]
    public void A_dynamic_gap_sets_each_rows_session_and_a_gap_of_zero_or_less_drops_the_row()
    {
        // Spark's SPARK-36465 case: hello 1 s, structured 0 s, world -10 s, others 10 s.
        var gap = Window.Session<Event>(e => e.Key switch
        {
            "hello" => TimeSpan.FromSeconds(1),
            "structured" => TimeSpan.Zero,
            "world" => TimeSpan.FromSeconds(-10),
            _ => Ten,
        });
        var h = SparkSessions(OutputMode.Append, gap);

        Assert.Empty(h.AddData(Concat(Words("hello world spark streaming", 40), Words("world hello structured streaming", 41))));
        Assert.Empty(h.AddData(Words("spark streaming", 25)));
        Assert.Empty(h.AddData(Words("spark streaming", 0)));
        Assert.Equal(2, h.LastDroppedByWatermark);
        Assert.Empty(h.AddData(Words("spark streaming", 30)));
        Assert.Empty(h.AddData(Words("hello apache spark", 60)));
        Assert.Equal(
            Expect("spark [25, 50) 3", "streaming [25, 51) 4", "hello [40, 42) 2"),
            Of(h.AddData(Words("structured streaming", 90))));
    }

    [Fact]
    public void Sessions_that_only_touch_merge_and_sessions_with_a_gap_between_stay_apart()
    {
        var h = new AggregationHarness<Event, string, WindowedRow<string, long>>(
            TestSourceNode.Stream<Event>().GroupBy(e => e.Key, Window.Session(TimeSpan.FromSeconds(5))).Count(), OutputMode.Complete, Ms, null);

        Assert.Equal(Expect("a [10, 20) 2", "a [21, 26) 1"), Of(h.AddData(new Event("a", 10), new Event("a", 15), new Event("a", 21))));
        Assert.Equal(Expect("a [10, 26) 4"), Of(h.AddData(new Event("a", 17)))); // [17, 22) overlaps both
    }

    [Fact]
    public void Session_accumulators_merge_with_the_merge_function()
    {
        var stream = TestSourceNode.Stream<Event>()
            .GroupBy(e => e.Key, Window.Session(TimeSpan.FromSeconds(5)))
            .Aggregate(0L, (sum, e) => sum + e.Seconds, (a, b) => a + b);
        var h = new AggregationHarness<Event, string, WindowedRow<string, long>>(stream, OutputMode.Complete, Ms, null);
        h.AddData(new Event("a", 10), new Event("a", 20));
        Assert.Equal(Expect("a [10, 25) 45"), Of(h.AddData(new Event("a", 15)))); // touches both

        Assert.Throws<ArgumentException>(() =>
            TestSourceNode.Stream<Event>().GroupBy(e => e.Key, Window.Session(Ten)).Aggregate(0L, (sum, e) => sum + e.Seconds));
    }

    [Fact]
    public void A_restart_from_a_snapshot_or_from_the_changelog_keeps_open_sessions()
    {
        var h = SparkSessions(OutputMode.Append);
        h.AddData(Concat(Words("hello world spark streaming", 40), Words("world hello structured streaming", 41)));
        h.AddData(Words("spark streaming", 25));
        h.RestartFromSnapshot();
        h.AddData(Words("spark streaming", 30));
        h.RestartFromChangelog();
        h.AddData(Words("hello apache spark", 60));
        Assert.Equal(
            Expect("spark [25, 50) 3", "streaming [25, 51) 4", "hello [40, 51) 2", "world [40, 51) 2", "structured [41, 51) 1"),
            Of(h.AddData(Words("structured streaming", 90))));
    }

    [Fact]
    public void Allowed_lateness_keeps_a_session_open_for_late_rows_after_the_watermark_passes_its_end()
    {
        var stream = TestSourceNode.Stream<Event>()
            .GroupBy(e => e.Key, Window.Session(TimeSpan.FromSeconds(5)))
            .WithAllowedLateness(Ten)
            .Count();
        var h = new AggregationHarness<Event, string, WindowedRow<string, long>>(stream, OutputMode.Append, Ms, TimeSpan.Zero);
        Assert.Empty(h.AddData(new Event("a", 10)));
        Assert.Empty(h.AddData(new Event("a", 20))); // watermark 20: [10, 15) is kept until 15 + 10
        Assert.Empty(h.AddData(new Event("a", 14))); // not late: [14, 19) ends at 29 > 20 with the lateness
        Assert.Equal(0, h.LastDroppedByWatermark);
        Assert.Equal(Expect("a [10, 19) 2"), Of(h.AddData(new Event("a", 30))));
        Assert.Empty(h.AddData(new Event("a", 5))); // [5, 10) + 10 <= 30: late
        Assert.Equal(1, h.LastDroppedByWatermark);
    }

    [Fact]
    public void Update_mode_and_sessions_over_the_whole_stream_are_refused_as_in_Spark()
    {
        var op = SparkSessions(OutputMode.Append).Operator;
        Assert.Contains("Update output mode is not supported for session windows", op.CheckOutputMode(OutputMode.Update, true), StringComparison.Ordinal);
        Assert.Contains("WithWatermark", op.CheckOutputMode(OutputMode.Append, false), StringComparison.Ordinal);
        Assert.Null(op.CheckOutputMode(OutputMode.Append, true));
        Assert.Null(op.CheckOutputMode(OutputMode.Complete, false));

        Assert.Throws<ArgumentException>(() => TestSourceNode.Stream<Event>().Window(Window.Session(Ten)));
        Assert.Throws<ArgumentException>(() => TestSourceNode.Stream<long>().GroupBy(v => v, Window.Session<Event>(e => Ten)));
    }
}
