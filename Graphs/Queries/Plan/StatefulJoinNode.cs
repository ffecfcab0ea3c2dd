using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Plan;

/// <summary>A two-input keyed stateful operator (a stream–stream join): both sides are routed by their key to the same shards.</summary>
internal sealed class StatefulJoinNode<TLeft, TRight, TKey, TOut>(
    PlanNode left,
    PlanNode right,
    Func<TLeft, TKey> leftKey,
    Func<TRight, TKey> rightKey,
    StatefulOperator<TKey, JoinInput<TLeft, TRight>, TOut> op) : PlanNode
    where TKey : notnull
{
    public PlanNode Left { get; } = left;

    public PlanNode Right { get; } = right;

    public Func<TLeft, TKey> LeftKey { get; } = leftKey;

    public Func<TRight, TKey> RightKey { get; } = rightKey;

    public StatefulOperator<TKey, JoinInput<TLeft, TRight>, TOut> Operator { get; } = op;

    public override IReadOnlyList<PlanNode> Inputs => [Left, Right];
}
