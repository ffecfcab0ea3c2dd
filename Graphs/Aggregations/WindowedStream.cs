using System.Numerics;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Windows;

namespace Sluice.Graphs.Aggregations;

/// <summary>
/// A whole stream grouped by tumbling or sliding event-time window only (Spark's <c>groupBy(window(...))</c>), waiting
/// for its aggregate. Every aggregate yields <see cref="WindowedValue{TValue}"/> rows, with the semantics of
/// <see cref="WindowedGroupedStream{T,TKey}"/>. All rows go to one shard.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public sealed class WindowedStream<T>
{
    private readonly DataStream<T> _source;
    private readonly WindowAssigner _window;
    private readonly long _allowedLatenessMs;

    internal WindowedStream(DataStream<T> source, WindowAssigner window, long allowedLatenessMs)
    {
        if (window.Kind == WindowKind.Session)
        {
            throw new ArgumentException(
                "A session window over the whole stream (no grouping key) is not supported, as in Spark: group by a key, GroupBy(row => ..., Window.Session(gap)).",
                nameof(window));
        }

        _source = source;
        _window = window;
        _allowedLatenessMs = allowedLatenessMs;
    }

    /// <summary>Keeps each window open for <paramref name="allowedLateness"/> after the watermark passes its end; see <see cref="WindowedGroupedStream{T,TKey}.WithAllowedLateness"/>.</summary>
    public WindowedStream<T> WithAllowedLateness(TimeSpan allowedLateness) =>
        new(_source, _window, WindowedAggregation.AllowedLatenessMs(allowedLateness));

    /// <summary>The number of rows per window.</summary>
    public DataStream<WindowedValue<long>> Count() => Build(Aggregates.Count<T>(), static count => count);

    /// <summary>The sum of <paramref name="selector"/> per window.</summary>
    public DataStream<WindowedValue<TNum>> Sum<TNum>(Func<T, TNum> selector)
        where TNum : INumber<TNum> => Build(Aggregates.Sum(selector), static sum => sum);

    /// <summary>The smallest <paramref name="selector"/> per window.</summary>
    public DataStream<WindowedValue<TValue>> Min<TValue>(Func<T, TValue> selector) => Build(Aggregates.Min(selector), static min => min);

    /// <summary>The largest <paramref name="selector"/> per window.</summary>
    public DataStream<WindowedValue<TValue>> Max<TValue>(Func<T, TValue> selector) => Build(Aggregates.Max(selector), static max => max);

    /// <summary>The mean of <paramref name="selector"/> per window.</summary>
    public DataStream<WindowedValue<double>> Average(Func<T, double> selector) => Build(Aggregates.Average(selector), Aggregates.AverageOf);

    /// <summary>A custom aggregate per window; see <see cref="GroupedStream{T,TKey}.Aggregate{TAcc}"/>.</summary>
    /// <param name="seed">The accumulator of a window before its first row.</param>
    /// <param name="fold">Adds a row to an accumulator.</param>
    public DataStream<WindowedValue<TAcc>> Aggregate<TAcc>(TAcc seed, Func<TAcc, T, TAcc> fold) =>
        Build(Aggregates.Aggregate(seed, fold, null), static acc => acc);

    /// <summary>Combines the rows of each window with <paramref name="reduce"/>; the first row is the start.</summary>
    public DataStream<WindowedValue<T>> Reduce(Func<T, T, T> reduce) => Build(Aggregates.Reduce(reduce), static value => value);

    private DataStream<WindowedValue<TResult>> Build<TAcc, TResult>(AggregateFunction<T, TAcc> aggregate, Func<TAcc, TResult> result) =>
        WindowedAggregation.Build(
            _source,
            static _ => 0,
            _window,
            _allowedLatenessMs,
            aggregate,
            (_, window, acc) => new WindowedValue<TResult>(window, result(acc)));
}
