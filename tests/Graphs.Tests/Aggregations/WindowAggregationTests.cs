using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.State;
using Sluice.Graphs.Windows;
using static Sluice.Graphs.Tests.Aggregations.Rows;

namespace Sluice.Graphs.Tests.Aggregations;

public class WindowAggregationTests
{
    private static readonly TimeSpan Five = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);

    // Spark's EventTimeWatermarkSuite: window(eventTime, 5 seconds), count, withWatermark 10 seconds, ints as seconds.
    private static AggregationHarness<long, int, WindowedValue<long>> SparkWindowCount(OutputMode mode) =>
        new(TestSourceNode.Stream<long>().Window(Window.Tumbling(Five)).Count(), mode, Ms, Ten);

    private static AggregationHarness<Event, string, WindowedRow<string, long>> Keyed(
        WindowAssigner window, OutputMode mode, TimeSpan? delay, TimeSpan allowedLateness = default) =>
        new(TestSourceNode.Stream<Event>().GroupBy(e => e.Key, window).WithAllowedLateness(allowedLateness).Count(), mode, Ms, delay);

    [Fact]
    public void Append_mode_emits_a_window_once_the_watermark_passes_its_end_then_evicts_it()
    {
        var h = SparkWindowCount(OutputMode.Append);

        Assert.Empty(h.AddData(10, 11, 12, 13, 14, 15));
        Assert.Equal(Expect("[10, 15) 5"), Of(h.AddData(25))); // watermark 15 closes [10, 15)
        Assert.Equal(2, h.StateRows);
        Assert.Empty(h.AddData(10)); // late: 15 <= 15
        Assert.Equal(1, h.LastDroppedByWatermark);
        Assert.Equal(2, h.StateRows);
    }

    [Fact]
    public void Late_rows_are_counted_once_per_late_window_and_key_after_partial_aggregation()
    {
        var h = SparkWindowCount(OutputMode.Append);
        h.CollectLate = true;
        h.AddData(10, 11, 25); // watermark 15

        Assert.Empty(h.AddData(10, 11, 12, 14)); // four rows of one late group [10, 15)
        Assert.Equal(1, h.LastDroppedByWatermark);
        Assert.Empty(h.AddData(1, 7, 13, 16)); // groups [0, 5), [5, 10), [10, 15) late; [15, 20) is not
        Assert.Equal(3, h.LastDroppedByWatermark);
        Assert.Equal([10L, 11, 12, 14, 1, 7, 13], h.LateRows);
        Assert.Equal(Expect("[15, 20) 1", "[25, 30) 1"), Of(h.AddData(40)));
    }

    [Fact]
    public void Update_mode_emits_the_windows_changed_in_the_epoch_and_evicts_closed_ones()
    {
        var h = SparkWindowCount(OutputMode.Update);

        Assert.Equal(Expect("[10, 15) 5", "[15, 20) 1"), Of(h.AddData(10, 11, 12, 13, 14, 15)));
        Assert.Equal(Expect("[25, 30) 1"), Of(h.AddData(25)));
        Assert.Equal(2, h.StateRows);
        Assert.Equal(Expect("[25, 30) 2"), Of(h.AddData(10, 25)));
        Assert.Equal(1, h.LastDroppedByWatermark);
        Assert.Equal(2, h.StateRows);
        Assert.Empty(h.AddData(10));
        Assert.Equal(2, h.StateRows);
    }

    [Fact]
    public void Complete_mode_emits_the_whole_table_and_drops_and_evicts_nothing()
    {
        var h = SparkWindowCount(OutputMode.Complete);

        Assert.Equal(Expect("[10, 15) 5", "[15, 20) 1"), Of(h.AddData(10, 11, 12, 13, 14, 15)));
        Assert.Equal(Expect("[10, 15) 5", "[15, 20) 1", "[25, 30) 1"), Of(h.AddData(25)));
        Assert.Equal(Expect("[10, 15) 6", "[15, 20) 1", "[25, 30) 1"), Of(h.AddData(10)));
        Assert.Equal(0, h.LastDroppedByWatermark);
        Assert.Equal(3, h.StateRows);
    }

    [Fact]
    public void A_restart_from_a_snapshot_or_from_the_changelog_gives_the_same_rows()
    {
        // Spark's EventTimeWatermarkSuite "recovery".
        var h = SparkWindowCount(OutputMode.Append);
        Assert.Empty(h.AddData(10, 11, 12, 13, 14, 15));
        Assert.Equal(Expect("[10, 15) 5"), Of(h.AddData(25)));

        h.RestartFromSnapshot();
        Assert.Equal(Expect("[15, 20) 1"), Of(h.AddData(10, 27, 30))); // watermark 20; 10 is late

        h.RestartFromChangelog();
        Assert.Empty(h.AddData(17)); // late: [15, 20) ends at the watermark 20
        Assert.Equal(Expect("[25, 30) 2"), Of(h.AddData(40)));
        Assert.Equal(2, h.StateRows); // [30, 35) and [40, 45) stay open at watermark 30
    }

    [Fact]
    public void Tumbling_windows_are_aligned_to_the_epoch_and_shifted_by_the_offset()
    {
        var plain = new AggregationHarness<Event, string, WindowedRow<string, long>>(
            TestSourceNode.Stream<Event>().GroupBy(e => e.Key).Window(Window.Tumbling(Five)).Count(), OutputMode.Complete, Ms, null);
        Assert.Equal(Expect("a [0, 5) 1", "a [5, 10) 2", "a [-5, 0) 1"), Of(plain.AddData(new Event("a", 4), new Event("a", 5), new Event("a", 9), new Event("a", -3))));

        var shifted = Keyed(Window.Tumbling(Five, TimeSpan.FromSeconds(2)), OutputMode.Complete, null);
        Assert.Equal(Expect("a [-3, 2) 1", "a [2, 7) 2", "a [7, 12) 1"), Of(shifted.AddData(new Event("a", 1), new Event("a", 2), new Event("a", 6), new Event("a", 7))));
    }

    [Fact]
    public void A_sliding_window_row_belongs_to_size_over_slide_windows_starting_at_multiples_of_the_slide()
    {
        var h = Keyed(Window.Sliding(Ten, Five), OutputMode.Complete, null);
        Assert.Equal(Expect("a [5, 15) 1", "a [10, 20) 2", "a [15, 25) 1"), Of(h.AddData(new Event("a", 12), new Event("a", 15))));

        var odd = Keyed(Window.Sliding(Ten, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)), OutputMode.Complete, null);
        Assert.Equal(Expect("a [1, 11) 1", "a [4, 14) 1", "a [7, 17) 1", "a [10, 20) 1"), Of(odd.AddData(new Event("a", 10))));
    }

    [Fact]
    public void A_sliding_window_row_is_late_for_the_windows_that_ended_and_counted_once_per_late_group()
    {
        var h = Keyed(Window.Sliding(Ten, Five), OutputMode.Update, Five);
        h.CollectLate = true;
        Assert.Equal(Expect("a [25, 35) 1", "a [30, 40) 1"), Of(h.AddData(new Event("a", 30))));
        Assert.Equal(Rows.Ms(25), h.Watermark);

        // [15, 25) ended at the watermark: late; [20, 30) is not. a@12 is late for both of its windows.
        var output = h.AddData(new Event("a", 21), new Event("a", 22), new Event("b", 22), new Event("a", 12));
        Assert.Equal(Expect("a [20, 30) 2", "b [20, 30) 1"), Of(output));
        Assert.Equal(4, h.LastDroppedByWatermark); // (a,[15,25)), (b,[15,25)), (a,[10,20)), (a,[5,15))
        Assert.Equal([new Event("a", 12)], h.LateRows);
    }

    [Fact]
    public void Allowed_lateness_keeps_a_window_open_and_re_fires_it_in_update_mode()
    {
        var h = Keyed(Window.Tumbling(Five), OutputMode.Update, TimeSpan.Zero, allowedLateness: Five);
        Assert.Equal(Expect("a [10, 15) 1"), Of(h.AddData(new Event("a", 10))));
        Assert.Equal(Expect("a [15, 20) 1"), Of(h.AddData(new Event("a", 16))));
        Assert.Equal(Expect("a [10, 15) 2"), Of(h.AddData(new Event("a", 12)))); // 15 + 5 > watermark 16: re-fired
        Assert.Equal(Expect("a [30, 35) 1"), Of(h.AddData(new Event("a", 30))));
        Assert.Equal(1, h.StateRows); // watermark 30 evicted the windows ending at or before 25
        Assert.Empty(h.AddData(new Event("a", 19)));
        Assert.Equal(1, h.LastDroppedByWatermark);

        var strict = Keyed(Window.Tumbling(Five), OutputMode.Update, TimeSpan.Zero);
        strict.AddData(new Event("a", 10));
        strict.AddData(new Event("a", 16));
        Assert.Empty(strict.AddData(new Event("a", 12)));
        Assert.Equal(1, strict.LastDroppedByWatermark);
    }

    [Fact]
    public void Allowed_lateness_in_append_mode_emits_a_window_once_when_its_end_plus_lateness_passes()
    {
        var h = Keyed(Window.Tumbling(Five), OutputMode.Append, TimeSpan.Zero, allowedLateness: Five);
        Assert.Empty(h.AddData(new Event("a", 10)));
        Assert.Empty(h.AddData(new Event("a", 16)));
        Assert.Empty(h.AddData(new Event("a", 12)));
        Assert.Equal(Expect("a [10, 15) 2"), Of(h.AddData(new Event("a", 21))));
    }

    [Fact]
    public void A_chained_operator_judges_lateness_by_the_previous_watermark_and_evicts_by_the_current_one()
    {
        var h = Keyed(Window.Tumbling(Five), OutputMode.Append, TimeSpan.Zero);
        var output = h.RunEpoch(Rows.Ms(10), Rows.Ms(20), new Event("a", 12), new Event("a", 8));
        Assert.Equal(Expect("a [10, 15) 1"), Of(output));
        Assert.Equal(1, h.LastDroppedByWatermark);
        Assert.Equal(14_999, h.LastOutput[0].EventTimeMs); // window_time: end - 1 ms
        Assert.Equal(0, h.StateRows);
    }

    [Fact]
    public void Aggregates_sum_min_max_average_and_a_custom_fold_per_window()
    {
        var source = TestSourceNode.Stream<Event>();
        var window = Window.Tumbling(Ten);
        var values = new Event[] { new Event("a", 1), new Event("a", 7), new Event("b", 3), new Event("a", 12) };

        static List<TOut> Run<TOut>(DataStream<TOut> stream, Event[] rows) =>
            new AggregationHarness<Event, string, TOut>(stream, OutputMode.Complete, Ms, null).AddData(rows);

        Assert.Equal(Expect("a [0, 10) 8", "a [10, 20) 12", "b [0, 10) 3"), Of(Run(source.GroupBy(e => e.Key, window).Sum(e => e.Seconds), values)));
        Assert.Equal(Expect("a [0, 10) 1", "a [10, 20) 12", "b [0, 10) 3"), Of(Run(source.GroupBy(e => e.Key, window).Min(e => e.Seconds), values)));
        Assert.Equal(Expect("a [0, 10) 7", "a [10, 20) 12", "b [0, 10) 3"), Of(Run(source.GroupBy(e => e.Key, window).Max(e => e.Seconds), values)));
        Assert.Equal(Expect("a [0, 10) 4", "a [10, 20) 12", "b [0, 10) 3"), Of(Run(source.GroupBy(e => e.Key, window).Average(e => e.Seconds), values)));
        Assert.Equal(
            Expect("a [0, 10) 1,7", "a [10, 20) 12", "b [0, 10) 3"),
            Of(Run(source.GroupBy(e => e.Key, window).Aggregate("", (acc, e) => acc.Length == 0 ? $"{e.Seconds}" : $"{acc},{e.Seconds}"), values)));
    }

    [Fact]
    public void Append_without_a_watermark_is_refused_with_the_fix_and_the_watermark_asks_for_no_data_batches()
    {
        var op = Keyed(Window.Tumbling(Five), OutputMode.Append, null).Operator;
        Assert.Contains("add WithWatermark", op.CheckOutputMode(OutputMode.Append, false), StringComparison.OrdinalIgnoreCase);
        Assert.Null(op.CheckOutputMode(OutputMode.Append, true));
        Assert.Null(op.CheckOutputMode(OutputMode.Update, false));
        Assert.True(op.NeedsNoDataBatch(OutputMode.Append, true));
        Assert.True(op.NeedsNoDataBatch(OutputMode.Update, true));
        Assert.False(op.NeedsNoDataBatch(OutputMode.Complete, true));
        Assert.False(op.NeedsNoDataBatch(OutputMode.Update, false));
    }

    [Fact]
    public void A_row_without_an_event_time_fails_with_the_fix()
    {
        var stream = TestSourceNode.Stream<Event>().GroupBy(e => e.Key, Window.Tumbling(Five)).Count();
        var h = new AggregationHarness<Event, string, WindowedRow<string, long>>(stream, OutputMode.Update, _ => EventTime.None, null);
        var error = Assert.Throws<InvalidOperationException>(() => h.AddData(new Event("a", 1)));
        Assert.Contains("WithTimestamps", error.Message, StringComparison.Ordinal);
    }
}
