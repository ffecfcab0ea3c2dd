using Sluice.Graphs.Queries;
using Sluice.Graphs.State;
using Sluice.Graphs.Windows;

namespace Sluice.Graphs.Aggregations;

/// <summary>Builds the operator of a windowed aggregation: tumbling and sliding windows share one, sessions have their own.</summary>
internal static class WindowedAggregation
{
    public static DataStream<TOut> Build<T, TKey, TAcc, TOut>(
        DataStream<T> source,
        Func<T, TKey> key,
        WindowAssigner window,
        long allowedLatenessMs,
        AggregateFunction<T, TAcc> aggregate,
        Func<TKey, TimeWindow, TAcc, TOut> result)
        where TKey : notnull
    {
        StatefulOperator<TKey, T, TOut> op = window.Kind == WindowKind.Session
            ? new SessionAggregationOperator<TKey, T, TAcc, TOut>(window, aggregate, result, allowedLatenessMs)
            : new WindowAggregationOperator<TKey, T, TAcc, TOut>(window, aggregate, result, allowedLatenessMs);
        return source.Stateful(key, op);
    }

    public static AggregateFunction<T, TAcc> CheckMerge<T, TAcc>(WindowAssigner window, AggregateFunction<T, TAcc> aggregate, bool hasMerge)
    {
        if (window.Kind == WindowKind.Session && !hasMerge)
        {
            throw new ArgumentException(
                "Session windows merge when they overlap, and so must their accumulators: pass merge to Aggregate(seed, fold, merge).",
                nameof(aggregate));
        }

        return aggregate;
    }

    public static long AllowedLatenessMs(TimeSpan allowedLateness)
    {
        var ms = (long)allowedLateness.TotalMilliseconds;
        if (ms < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(allowedLateness), allowedLateness, "The allowed lateness must not be negative.");
        }

        return ms;
    }
}
