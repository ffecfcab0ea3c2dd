using Sluice.Graphs.Queries;
using Sluice.Graphs.Windows;

namespace Sluice.Graphs.Aggregations;

/// <summary>
/// Keyed aggregations and event-time windows on <see cref="DataStream{T}"/>: LINQ's <c>GroupBy</c> followed by
/// <c>Count</c>, <c>Sum</c>, <c>Min</c>, <c>Max</c>, <c>Average</c>, <c>Aggregate</c> or <c>Reduce</c>, and the
/// DStreams operators <c>ReduceByKey</c>, <c>ReduceByKeyAndWindow</c>, <c>CountByWindow</c> and
/// <c>CountByValueAndWindow</c>. Each builds a stateful operator on <see cref="DataStream{T}.Stateful{TKey,TOut}"/>.
/// </summary>
/// <example>
/// Spark's windowed word count, emitted once per window when the watermark passes its end (Append mode):
/// <code>
/// words.WithTimestamps(w => w.Time).WithWatermark(TimeSpan.FromSeconds(10))
///      .GroupBy(w => w.Text, Window.Sliding(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)))
///      .Count();   // DataStream&lt;WindowedRow&lt;string, long&gt;&gt;: Window | Key | Value
/// </code>
/// </example>
public static class AggregationExtensions
{
    /// <summary>Groups the rows by <paramref name="key"/> for a running aggregate per key (Spark's <c>groupBy</c>).</summary>
    public static GroupedStream<T, TKey> GroupBy<T, TKey>(this DataStream<T> stream, Func<T, TKey> key)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(key);
        return new GroupedStream<T, TKey>(stream, key);
    }

    /// <summary>
    /// Groups the rows by <paramref name="key"/> and by the event-time windows of <paramref name="window"/> (Spark's
    /// <c>groupBy(window(...), key)</c> or <c>groupBy(session_window(...), key)</c>).
    /// </summary>
    public static WindowedGroupedStream<T, TKey> GroupBy<T, TKey>(this DataStream<T> stream, Func<T, TKey> key, WindowAssigner window)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(window);
        return new WindowedGroupedStream<T, TKey>(stream, key, window, 0);
    }

    /// <summary>Groups all rows by the tumbling or sliding event-time windows of <paramref name="window"/> (Spark's <c>groupBy(window(...))</c>).</summary>
    public static WindowedStream<T> Window<T>(this DataStream<T> stream, WindowAssigner window)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(window);
        return new WindowedStream<T>(stream, window, 0);
    }

    /// <summary>
    /// Combines the rows of each key with <paramref name="reduce"/>, as a running value per key (Spark's
    /// <c>groupByKey(key).reduceGroups(reduce)</c>; for a value per window use <c>ReduceByKeyAndWindow</c>).
    /// </summary>
    public static DataStream<KeyedValue<TKey, T>> ReduceByKey<T, TKey>(this DataStream<T> stream, Func<T, TKey> key, Func<T, T, T> reduce)
        where TKey : notnull => stream.GroupBy(key).Reduce(reduce);

    /// <summary>
    /// DStreams' <c>reduceByKeyAndWindow</c> on event time: the values of each key combined with <paramref name="reduce"/>
    /// over sliding windows of <paramref name="size"/> starting every <paramref name="slide"/>.
    /// </summary>
    /// <param name="stream">The stream.</param>
    /// <param name="key">The key of a row.</param>
    /// <param name="value">The value of a row.</param>
    /// <param name="reduce">Combines two values (associative and commutative).</param>
    /// <param name="size">The window length.</param>
    /// <param name="slide">How often a window starts.</param>
    public static DataStream<WindowedRow<TKey, TValue>> ReduceByKeyAndWindow<T, TKey, TValue>(
        this DataStream<T> stream,
        Func<T, TKey> key,
        Func<T, TValue> value,
        Func<TValue, TValue, TValue> reduce,
        TimeSpan size,
        TimeSpan slide)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(reduce);
        return WindowedAggregation.Build(
            stream,
            key,
            Windows.Window.Sliding(size, slide),
            0,
            new AggregateFunction<T, TValue>(value, (acc, row) => reduce(acc, value(row)), reduce),
            static (k, window, acc) => new WindowedRow<TKey, TValue>(window, k, acc));
    }

    /// <summary>
    /// DStreams' <c>reduceByKeyAndWindow</c> with an inverse function, on event time: the same rows as the overload
    /// without one, computed incrementally. Each key keeps one reduced value per pane (a slide-long slice of time); a
    /// window's value is the previous window's value minus the panes that left it (<paramref name="inverseReduce"/>)
    /// plus the panes that entered it, so a long window with a short slide costs a few steps per window, not size / slide.
    /// </summary>
    /// <param name="stream">The stream.</param>
    /// <param name="key">The key of a row.</param>
    /// <param name="value">The value of a row.</param>
    /// <param name="reduce">Combines two values (associative and commutative).</param>
    /// <param name="inverseReduce">Undoes <paramref name="reduce"/>: inverseReduce(reduce(a, b), b) == a.</param>
    /// <param name="size">The window length, a multiple of <paramref name="slide"/>.</param>
    /// <param name="slide">How often a window starts.</param>
    public static DataStream<WindowedRow<TKey, TValue>> ReduceByKeyAndWindow<T, TKey, TValue>(
        this DataStream<T> stream,
        Func<T, TKey> key,
        Func<T, TValue> value,
        Func<TValue, TValue, TValue> reduce,
        Func<TValue, TValue, TValue> inverseReduce,
        TimeSpan size,
        TimeSpan slide)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(reduce);
        ArgumentNullException.ThrowIfNull(inverseReduce);
        var window = Windows.Window.Sliding(size, slide);
        if (window.SizeMs % window.SlideMs != 0)
        {
            throw new ArgumentException(
                $"ReduceByKeyAndWindow with an inverse function needs a size ({size}) that is a multiple of the slide ({slide}), as in DStreams: windows are made of whole panes.",
                nameof(size));
        }

        return stream.Stateful(
            key,
            new PaneReduceOperator<TKey, T, TValue, WindowedRow<TKey, TValue>>(
                value,
                reduce,
                inverseReduce,
                window.SizeMs,
                window.SlideMs,
                static (k, w, v) => new WindowedRow<TKey, TValue>(w, k, v)));
    }

    /// <summary>DStreams' <c>countByWindow</c> on event time: the number of rows per sliding window.</summary>
    public static DataStream<WindowedValue<long>> CountByWindow<T>(this DataStream<T> stream, TimeSpan size, TimeSpan slide) =>
        stream.Window(Windows.Window.Sliding(size, slide)).Count();

    /// <summary>DStreams' <c>countByValueAndWindow</c> on event time: the number of occurrences of each distinct row per sliding window.</summary>
    public static DataStream<WindowedRow<T, long>> CountByValueAndWindow<T>(this DataStream<T> stream, TimeSpan size, TimeSpan slide)
        where T : notnull => stream.GroupBy(static row => row, Windows.Window.Sliding(size, slide)).Count();
}
