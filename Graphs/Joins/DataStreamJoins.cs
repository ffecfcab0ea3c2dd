using Sluice.Graphs.Queries;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Joins;

/// <summary>
/// Joins on a <see cref="DataStream{T}"/>: stream–stream joins (Spark's symmetric hash join: inner, left/right/full
/// outer, left semi; equi-key plus an optional event-time range; Append output mode only) and stream–static joins
/// against a <see cref="LookupTable{TKey,TValue}"/>.
/// </summary>
public static class DataStreamJoins
{
    /// <summary>
    /// Inner stream–stream join: every pair of a left and a right row with equal keys (and, with
    /// <paramref name="timeRange"/>, times in range) is emitted once, whichever arrives first. Without a time range and
    /// watermarks both sides are buffered forever.
    /// </summary>
    /// <param name="left">The left input.</param>
    /// <param name="right">The right input.</param>
    /// <param name="leftKey">The left row's join key.</param>
    /// <param name="rightKey">The right row's join key.</param>
    /// <param name="resultSelector">Builds an output row from a matching pair.</param>
    /// <param name="timeRange">The event-time condition, which lets the join forget rows once the watermark passes them.</param>
    public static DataStream<TOut> Join<TLeft, TRight, TKey, TOut>(
        this DataStream<TLeft> left,
        DataStream<TRight> right,
        Func<TLeft, TKey> leftKey,
        Func<TRight, TKey> rightKey,
        Func<TLeft, TRight, TOut> resultSelector,
        JoinTimeRange? timeRange = null)
        where TKey : notnull =>
        StreamJoin(left, right, leftKey, rightKey, JoinKind.Inner, timeRange, resultSelector);

    /// <summary>
    /// Left outer stream–stream join: matching pairs as the inner join, plus
    /// (left, <c>default</c>) for a left row that never matched, emitted when the watermark passes it (left.time + After).
    /// Needs watermarks on both inputs and a time range.
    /// </summary>
    /// <param name="left">The left input.</param>
    /// <param name="right">The right input.</param>
    /// <param name="leftKey">The left row's join key.</param>
    /// <param name="rightKey">The right row's join key.</param>
    /// <param name="resultSelector">Builds an output row; the right row is <c>default</c> for an unmatched left row.</param>
    /// <param name="timeRange">The event-time condition.</param>
    public static DataStream<TOut> LeftOuterJoin<TLeft, TRight, TKey, TOut>(
        this DataStream<TLeft> left,
        DataStream<TRight> right,
        Func<TLeft, TKey> leftKey,
        Func<TRight, TKey> rightKey,
        Func<TLeft, TRight?, TOut> resultSelector,
        JoinTimeRange timeRange)
        where TKey : notnull =>
        StreamJoin(left, right, leftKey, rightKey, JoinKind.LeftOuter, timeRange, resultSelector!);

    /// <summary>
    /// Right outer stream–stream join: matching pairs, plus (<c>default</c>, right) for a right row that never matched,
    /// emitted when the watermark passes it (right.time + Before). Needs watermarks on both inputs and a time range.
    /// </summary>
    /// <param name="left">The left input.</param>
    /// <param name="right">The right input.</param>
    /// <param name="leftKey">The left row's join key.</param>
    /// <param name="rightKey">The right row's join key.</param>
    /// <param name="resultSelector">Builds an output row; the left row is <c>default</c> for an unmatched right row.</param>
    /// <param name="timeRange">The event-time condition.</param>
    public static DataStream<TOut> RightOuterJoin<TLeft, TRight, TKey, TOut>(
        this DataStream<TLeft> left,
        DataStream<TRight> right,
        Func<TLeft, TKey> leftKey,
        Func<TRight, TKey> rightKey,
        Func<TLeft?, TRight, TOut> resultSelector,
        JoinTimeRange timeRange)
        where TKey : notnull =>
        StreamJoin(left, right, leftKey, rightKey, JoinKind.RightOuter, timeRange, resultSelector!);

    /// <summary>
    /// Full outer stream–stream join: matching pairs, plus a null-padded row for every row of either side that never
    /// matched, when the watermark passes it. Needs watermarks on both inputs and a time range.
    /// </summary>
    /// <param name="left">The left input.</param>
    /// <param name="right">The right input.</param>
    /// <param name="leftKey">The left row's join key.</param>
    /// <param name="rightKey">The right row's join key.</param>
    /// <param name="resultSelector">Builds an output row; the missing side of an unmatched row is <c>default</c>.</param>
    /// <param name="timeRange">The event-time condition.</param>
    public static DataStream<TOut> FullOuterJoin<TLeft, TRight, TKey, TOut>(
        this DataStream<TLeft> left,
        DataStream<TRight> right,
        Func<TLeft, TKey> leftKey,
        Func<TRight, TKey> rightKey,
        Func<TLeft?, TRight?, TOut> resultSelector,
        JoinTimeRange timeRange)
        where TKey : notnull =>
        StreamJoin(left, right, leftKey, rightKey, JoinKind.FullOuter, timeRange, resultSelector!);

    /// <summary>
    /// Left semi stream–stream join: emits a left row once, at its first match with a right row. Needs watermarks on both
    /// inputs and a time range.
    /// </summary>
    /// <param name="left">The left input.</param>
    /// <param name="right">The right input.</param>
    /// <param name="leftKey">The left row's join key.</param>
    /// <param name="rightKey">The right row's join key.</param>
    /// <param name="timeRange">The event-time condition.</param>
    public static DataStream<TLeft> LeftSemiJoin<TLeft, TRight, TKey>(
        this DataStream<TLeft> left,
        DataStream<TRight> right,
        Func<TLeft, TKey> leftKey,
        Func<TRight, TKey> rightKey,
        JoinTimeRange timeRange)
        where TKey : notnull =>
        StreamJoin(left, right, leftKey, rightKey, JoinKind.LeftSemi, timeRange, static (TLeft l, TRight _) => l);

    /// <summary>
    /// Stream–static inner join: each row with a match in <paramref name="table"/> (by <paramref name="key"/>) yields one
    /// output row. Stateless: no shuffle, no state; the row keeps its event time.
    /// </summary>
    /// <param name="stream">The stream.</param>
    /// <param name="table">The lookup table.</param>
    /// <param name="key">The row's key in the table.</param>
    /// <param name="resultSelector">Builds an output row from the row and its match.</param>
    public static DataStream<TOut> Join<T, TKey, TValue, TOut>(
        this DataStream<T> stream,
        LookupTable<TKey, TValue> table,
        Func<T, TKey> key,
        Func<T, TValue, TOut> resultSelector)
        where TKey : notnull =>
        StaticJoin(stream, table, key, leftOuter: false, resultSelector);

    /// <summary>Stream–static left outer join: each row yields one output row, with the table's row or <c>default</c> when the key is missing. Stateless.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="table">The lookup table.</param>
    /// <param name="key">The row's key in the table.</param>
    /// <param name="resultSelector">Builds an output row from the row and its match (<c>default</c> when none).</param>
    public static DataStream<TOut> LeftOuterJoin<T, TKey, TValue, TOut>(
        this DataStream<T> stream,
        LookupTable<TKey, TValue> table,
        Func<T, TKey> key,
        Func<T, TValue?, TOut> resultSelector)
        where TKey : notnull =>
        StaticJoin(stream, table, key, leftOuter: true, resultSelector!);

    private static DataStream<TOut> StreamJoin<TLeft, TRight, TKey, TOut>(
        DataStream<TLeft> left,
        DataStream<TRight> right,
        Func<TLeft, TKey> leftKey,
        Func<TRight, TKey> rightKey,
        JoinKind kind,
        JoinTimeRange? timeRange,
        Func<TLeft, TRight, TOut> resultSelector)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(resultSelector);
        if (kind != JoinKind.Inner)
        {
            ArgumentNullException.ThrowIfNull(timeRange);
        }

        timeRange?.Validate();
        return left.StatefulJoin(right, leftKey, rightKey, new StreamJoinOperator<TKey, TLeft, TRight, TOut>(kind, timeRange, resultSelector));
    }

    private static DataStream<TOut> StaticJoin<T, TKey, TValue, TOut>(
        DataStream<T> stream,
        LookupTable<TKey, TValue> table,
        Func<T, TKey> key,
        bool leftOuter,
        Func<T, TValue, TOut> resultSelector)
        where TKey : notnull
    {
        // Stateless (no shuffle, no state, not a stateful operator for the chaining rules). The inner join looks each key
        // up once (a reload between two lookups could otherwise lose the match) and filters on the result, without
        // allocating a sequence per row as SelectMany would.
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(resultSelector);
        if (leftOuter)
        {
            return stream.Select(row => resultSelector(row, table.TryGet(key(row), out var match) ? match : default!));
        }

        return stream
            .Select(row => table.TryGet(key(row), out var match) ? (Found: true, Row: resultSelector(row, match)) : (Found: false, Row: default(TOut)!))
            .Where(joined => joined.Found)
            .Select(joined => joined.Row);
    }
}
