using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Plan;

/// <summary>A keyed stateful operator: rows are routed by <see cref="Key"/> to shards running <see cref="Operator"/>.</summary>
internal sealed class StatefulNode<TIn, TKey, TOut>(PlanNode input, Func<TIn, TKey> key, StatefulOperator<TKey, TIn, TOut> op) : PlanNode
    where TKey : notnull
{
    public PlanNode Input { get; } = input;

    public Func<TIn, TKey> Key { get; } = key;

    public StatefulOperator<TKey, TIn, TOut> Operator { get; } = op;

    public override IReadOnlyList<PlanNode> Inputs => [Input];
}
