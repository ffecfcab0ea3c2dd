using System.Numerics;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Windows;

namespace Sluice.Graphs.Aggregations;

/// <summary>
/// A stream grouped by key, waiting for its aggregate (Spark's <c>groupBy(key)</c> / <c>groupByKey</c>). Every
/// aggregate keeps one running value per key for the life of the query and yields <see cref="KeyedValue{TKey,TValue}"/>
/// rows: in Update mode the keys changed in an epoch, in Complete mode every key (Append is refused at start: a running
/// value is never final; group by a window for that).
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
/// <typeparam name="TKey">The grouping key.</typeparam>
public sealed class GroupedStream<T, TKey>
    where TKey : notnull
{
    private readonly DataStream<T> _source;
    private readonly Func<T, TKey> _key;

    internal GroupedStream(DataStream<T> source, Func<T, TKey> key)
    {
        _source = source;
        _key = key;
    }

    /// <summary>
    /// Groups further by the event-time windows of <paramref name="window"/>: the same as
    /// <c>GroupBy(key, window)</c>, for a chain that reads <c>stream.GroupBy(key).Window(window).Count()</c>.
    /// </summary>
    public WindowedGroupedStream<T, TKey> Window(WindowAssigner window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return new WindowedGroupedStream<T, TKey>(_source, _key, window, 0);
    }

    /// <summary>The number of rows per key (Spark's <c>count()</c>).</summary>
    public DataStream<KeyedValue<TKey, long>> Count() => Build(Aggregates.Count<T>(), static count => count);

    /// <summary>The sum of <paramref name="selector"/> per key.</summary>
    public DataStream<KeyedValue<TKey, TNum>> Sum<TNum>(Func<T, TNum> selector)
        where TNum : INumber<TNum> => Build(Aggregates.Sum(selector), static sum => sum);

    /// <summary>The smallest <paramref name="selector"/> per key (by <see cref="Comparer{T}.Default"/>).</summary>
    public DataStream<KeyedValue<TKey, TValue>> Min<TValue>(Func<T, TValue> selector) => Build(Aggregates.Min(selector), static min => min);

    /// <summary>The largest <paramref name="selector"/> per key (by <see cref="Comparer{T}.Default"/>).</summary>
    public DataStream<KeyedValue<TKey, TValue>> Max<TValue>(Func<T, TValue> selector) => Build(Aggregates.Max(selector), static max => max);

    /// <summary>The mean of <paramref name="selector"/> per key.</summary>
    public DataStream<KeyedValue<TKey, double>> Average(Func<T, double> selector) => Build(Aggregates.Average(selector), Aggregates.AverageOf);

    /// <summary>
    /// A custom aggregate per key (LINQ's <c>Aggregate</c>, Spark's typed <c>Aggregator</c>): each key starts from
    /// <paramref name="seed"/> and folds its rows in arrival order. The accumulator is stored in the checkpoint: use
    /// immutable plain data (records, tuples, primitives).
    /// </summary>
    /// <param name="seed">The accumulator of a key before its first row.</param>
    /// <param name="fold">Adds a row to an accumulator.</param>
    /// <param name="merge">Combines two accumulators (not needed without session windows).</param>
    public DataStream<KeyedValue<TKey, TAcc>> Aggregate<TAcc>(TAcc seed, Func<TAcc, T, TAcc> fold, Func<TAcc, TAcc, TAcc>? merge = null) =>
        Build(Aggregates.Aggregate(seed, fold, merge), static acc => acc);

    /// <summary>A custom aggregate per key, with <paramref name="result"/> turning the accumulator into the output value.</summary>
    /// <param name="seed">The accumulator of a key before its first row.</param>
    /// <param name="fold">Adds a row to an accumulator.</param>
    /// <param name="merge">Combines two accumulators (not needed without session windows).</param>
    /// <param name="result">The output value of an accumulator.</param>
    public DataStream<KeyedValue<TKey, TResult>> Aggregate<TAcc, TResult>(
        TAcc seed,
        Func<TAcc, T, TAcc> fold,
        Func<TAcc, TAcc, TAcc>? merge,
        Func<TAcc, TResult> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Build(Aggregates.Aggregate(seed, fold, merge), result);
    }

    /// <summary>Combines the rows of each key with <paramref name="reduce"/> (Spark's <c>reduceGroups</c>); the first row is the start.</summary>
    public DataStream<KeyedValue<TKey, T>> Reduce(Func<T, T, T> reduce) => Build(Aggregates.Reduce(reduce), static value => value);

    private DataStream<KeyedValue<TKey, TResult>> Build<TAcc, TResult>(AggregateFunction<T, TAcc> aggregate, Func<TAcc, TResult> result) =>
        _source.Stateful(
            _key,
            new AggregationOperator<TKey, T, TAcc, KeyedValue<TKey, TResult>>(aggregate, (key, acc) => new KeyedValue<TKey, TResult>(key, result(acc))));
}
