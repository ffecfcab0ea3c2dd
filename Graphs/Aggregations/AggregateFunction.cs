using System.Numerics;

namespace Sluice.Graphs.Aggregations;

/// <summary>
/// How a group's accumulator is built from its rows: <see cref="Init"/> makes it from the group's first row,
/// <see cref="Fold"/> adds a row, <see cref="Merge"/> combines two accumulators (when session windows merge).
/// Accumulators are stored in state stores, so they must be plain data that System.Text.Json round-trips, and treated
/// as immutable values (Spark's <c>Aggregator</c>: zero, reduce, merge).
/// </summary>
internal sealed class AggregateFunction<TIn, TAcc>(Func<TIn, TAcc> init, Func<TAcc, TIn, TAcc> fold, Func<TAcc, TAcc, TAcc> merge)
{
    public Func<TIn, TAcc> Init { get; } = init;

    public Func<TAcc, TIn, TAcc> Fold { get; } = fold;

    public Func<TAcc, TAcc, TAcc> Merge { get; } = merge;
}

/// <summary>The accumulator of an average: the sum and the number of values.</summary>
/// <param name="Sum">The sum of the values.</param>
/// <param name="Count">How many values.</param>
internal readonly record struct AverageState(double Sum, long Count);

/// <summary>The built-in aggregate functions behind Count, Sum, Min, Max, Average, Aggregate and Reduce.</summary>
internal static class Aggregates
{
    public static AggregateFunction<T, long> Count<T>() =>
        new(static _ => 1L, static (count, _) => count + 1, static (a, b) => a + b);

    public static AggregateFunction<T, TNum> Sum<T, TNum>(Func<T, TNum> selector)
        where TNum : INumber<TNum>
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new(selector, (sum, row) => sum + selector(row), static (a, b) => a + b);
    }

    public static AggregateFunction<T, TValue> Min<T, TValue>(Func<T, TValue> selector) => Extremum(selector, -1);

    public static AggregateFunction<T, TValue> Max<T, TValue>(Func<T, TValue> selector) => Extremum(selector, 1);

    /// <summary>Keeps the value that compares with the sign of <paramref name="sign"/> against the others (-1: the minimum, 1: the maximum).</summary>
    private static AggregateFunction<T, TValue> Extremum<T, TValue>(Func<T, TValue> selector, int sign)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var comparer = Comparer<TValue>.Default;
        return new(
            selector,
            (kept, row) =>
            {
                var value = selector(row);
                return comparer.Compare(value, kept) * sign > 0 ? value : kept;
            },
            (a, b) => comparer.Compare(b, a) * sign > 0 ? b : a);
    }

    public static AggregateFunction<T, AverageState> Average<T>(Func<T, double> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new(
            row => new AverageState(selector(row), 1),
            (acc, row) => new AverageState(acc.Sum + selector(row), acc.Count + 1),
            static (a, b) => new AverageState(a.Sum + b.Sum, a.Count + b.Count));
    }

    public static double AverageOf(AverageState state) => state.Sum / state.Count;

    public static AggregateFunction<T, TAcc> Aggregate<T, TAcc>(TAcc seed, Func<TAcc, T, TAcc> fold, Func<TAcc, TAcc, TAcc>? merge)
    {
        ArgumentNullException.ThrowIfNull(fold);
        return new(row => fold(seed, row), fold, merge ?? NoMerge<TAcc>);
    }

    /// <summary>The merge of an Aggregate given none: only session windows merge, and they refuse it when the stream is built.</summary>
    internal static TAcc NoMerge<TAcc>(TAcc left, TAcc right) =>
        throw new InvalidOperationException("Aggregate was given no merge function, but two accumulators must be merged: pass merge to Aggregate(seed, fold, merge).");

    public static AggregateFunction<T, T> Reduce<T>(Func<T, T, T> reduce)
    {
        ArgumentNullException.ThrowIfNull(reduce);
        return new(static row => row, reduce, reduce);
    }
}
