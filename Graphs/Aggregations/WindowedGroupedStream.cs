using System.Numerics;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Windows;

namespace Sluice.Graphs.Aggregations;

/// <summary>
/// A stream grouped by key and by event-time window, waiting for its aggregate (Spark's
/// <c>groupBy(window(...), key)</c> / <c>groupBy(session_window(...), key)</c>). Every aggregate yields
/// <see cref="WindowedRow{TKey,TValue}"/> rows with Spark's micro-batch semantics: a (window, key) group is late when
/// its window end is at or before the watermark; Append emits a group once the watermark passes its end, Update the
/// groups changed in an epoch, Complete all of them. Event times come from <c>WithTimestamps</c> upstream.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
/// <typeparam name="TKey">The grouping key.</typeparam>
public sealed class WindowedGroupedStream<T, TKey>
    where TKey : notnull
{
    private readonly DataStream<T> _source;
    private readonly Func<T, TKey> _key;
    private readonly WindowAssigner _window;
    private readonly long _allowedLatenessMs;

    internal WindowedGroupedStream(DataStream<T> source, Func<T, TKey> key, WindowAssigner window, long allowedLatenessMs)
    {
        _source = source;
        _key = key;
        _window = window;
        _allowedLatenessMs = allowedLatenessMs;
        _ = window.DynamicGapFor<T>();
    }

    /// <summary>
    /// Keeps each window open for <paramref name="allowedLateness"/> after the watermark passes its end (Flink's allowed
    /// lateness): a row is late only when window end + allowed lateness is at or before the watermark. In Update mode a
    /// window that gets such a row is emitted again with its new value; in Append mode a window is emitted once, when
    /// end + allowed lateness is at or before the watermark. State is evicted at that point too.
    /// </summary>
    public WindowedGroupedStream<T, TKey> WithAllowedLateness(TimeSpan allowedLateness) =>
        new(_source, _key, _window, WindowedAggregation.AllowedLatenessMs(allowedLateness));

    /// <summary>The number of rows per key and window (Spark's <c>count()</c>).</summary>
    public DataStream<WindowedRow<TKey, long>> Count() => Build(Aggregates.Count<T>(), static count => count);

    /// <summary>The sum of <paramref name="selector"/> per key and window.</summary>
    public DataStream<WindowedRow<TKey, TNum>> Sum<TNum>(Func<T, TNum> selector)
        where TNum : INumber<TNum> => Build(Aggregates.Sum(selector), static sum => sum);

    /// <summary>The smallest <paramref name="selector"/> per key and window.</summary>
    public DataStream<WindowedRow<TKey, TValue>> Min<TValue>(Func<T, TValue> selector) => Build(Aggregates.Min(selector), static min => min);

    /// <summary>The largest <paramref name="selector"/> per key and window.</summary>
    public DataStream<WindowedRow<TKey, TValue>> Max<TValue>(Func<T, TValue> selector) => Build(Aggregates.Max(selector), static max => max);

    /// <summary>The mean of <paramref name="selector"/> per key and window.</summary>
    public DataStream<WindowedRow<TKey, double>> Average(Func<T, double> selector) => Build(Aggregates.Average(selector), Aggregates.AverageOf);

    /// <summary>A custom aggregate per key and window; see <see cref="GroupedStream{T,TKey}.Aggregate{TAcc}"/>. Session windows need <paramref name="merge"/>.</summary>
    /// <param name="seed">The accumulator of a group before its first row.</param>
    /// <param name="fold">Adds a row to an accumulator.</param>
    /// <param name="merge">Combines two accumulators (when session windows merge).</param>
    public DataStream<WindowedRow<TKey, TAcc>> Aggregate<TAcc>(TAcc seed, Func<TAcc, T, TAcc> fold, Func<TAcc, TAcc, TAcc>? merge = null) =>
        Build(WindowedAggregation.CheckMerge(_window, Aggregates.Aggregate(seed, fold, merge), merge is not null), static acc => acc);

    /// <summary>A custom aggregate per key and window, with <paramref name="result"/> turning the accumulator into the output value.</summary>
    /// <param name="seed">The accumulator of a group before its first row.</param>
    /// <param name="fold">Adds a row to an accumulator.</param>
    /// <param name="merge">Combines two accumulators (when session windows merge).</param>
    /// <param name="result">The output value of an accumulator.</param>
    public DataStream<WindowedRow<TKey, TResult>> Aggregate<TAcc, TResult>(
        TAcc seed,
        Func<TAcc, T, TAcc> fold,
        Func<TAcc, TAcc, TAcc>? merge,
        Func<TAcc, TResult> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Build(WindowedAggregation.CheckMerge(_window, Aggregates.Aggregate(seed, fold, merge), merge is not null), result);
    }

    /// <summary>Combines the rows of each key and window with <paramref name="reduce"/>; the first row is the start.</summary>
    public DataStream<WindowedRow<TKey, T>> Reduce(Func<T, T, T> reduce) => Build(Aggregates.Reduce(reduce), static value => value);

    private DataStream<WindowedRow<TKey, TResult>> Build<TAcc, TResult>(AggregateFunction<T, TAcc> aggregate, Func<TAcc, TResult> result) =>
        WindowedAggregation.Build(
            _source,
            _key,
            _window,
            _allowedLatenessMs,
            aggregate,
            (key, window, acc) => new WindowedRow<TKey, TResult>(window, key, result(acc)));
}
