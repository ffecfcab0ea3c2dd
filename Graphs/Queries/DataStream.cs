using Sluice.Graphs.Queries.Plan;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries;

/// <summary>
/// An unbounded (or bounded) table of rows of <typeparamref name="T"/> in a streaming query: Spark's streaming
/// Dataset. Immutable: every operator returns a new stream that extends the logical plan; nothing runs until the query
/// is started.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public sealed partial class DataStream<T>
{
    internal DataStream(PlanNode node) => Node = node;

    internal PlanNode Node { get; }

    /// <summary>
    /// Routes every row by <paramref name="key"/> to one of the query's shards and runs <paramref name="op"/> there: the
    /// primitive that every keyed operator (GroupBy, windows, dedup, MapWithState...) is built on.
    /// </summary>
    public DataStream<TOut> Stateful<TKey, TOut>(Func<T, TKey> key, StatefulOperator<TKey, T, TOut> op)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(op);
        return new DataStream<TOut>(new StatefulNode<T, TKey, TOut>(Node, key, op));
    }

    /// <summary>Routes the rows of this stream and of <paramref name="right"/> by their keys to shared shards running <paramref name="op"/> (a stream–stream join).</summary>
    public DataStream<TOut> StatefulJoin<TRight, TKey, TOut>(
        DataStream<TRight> right,
        Func<T, TKey> leftKey,
        Func<TRight, TKey> rightKey,
        StatefulOperator<TKey, JoinInput<T, TRight>, TOut> op)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(leftKey);
        ArgumentNullException.ThrowIfNull(rightKey);
        ArgumentNullException.ThrowIfNull(op);
        return new DataStream<TOut>(new StatefulJoinNode<T, TRight, TKey, TOut>(Node, right.Node, leftKey, rightKey, op));
    }
}
