using Sluice.Graphs.Dsl;
using Sluice.Graphs.Queries.Execution;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Plan;

/// <summary>A two-input keyed stateful operator (a stream–stream join): both sides are routed by their key to the same shards.</summary>
internal sealed class StatefulJoinNode<TLeft, TRight, TKey, TOut>(
    PlanNode left,
    PlanNode right,
    Func<TLeft, TKey> leftKey,
    Func<TRight, TKey> rightKey,
    StatefulOperator<TKey, JoinInput<TLeft, TRight>, TOut> op) : StatefulPlanNode<TKey, JoinInput<TLeft, TRight>, TOut>(op)
    where TKey : notnull
{
    public PlanNode Left { get; } = left;

    public PlanNode Right { get; } = right;

    public Func<TLeft, TKey> LeftKey { get; } = leftKey;

    public Func<TRight, TKey> RightKey { get; } = rightKey;

    public override IReadOnlyList<PlanNode> Inputs => [Left, Right];

    public override Source<Element<TOut>, NotUsed> Compile(QueryCompiler compiler)
    {
        var left = ((PlanNode<TLeft>)Left).Compile(compiler).Via(new MapStage<TLeft, JoinInput<TLeft, TRight>, LeftMapper>("query-join-left", default));
        var right = ((PlanNode<TRight>)Right).Compile(compiler).Via(new MapStage<TRight, JoinInput<TLeft, TRight>, RightMapper>("query-join-right", default));
        var leftKey = LeftKey;
        var rightKey = RightKey;
        var both = UnionNode<JoinInput<TLeft, TRight>>.Align(compiler, [left, right]);
        return both.Via(new StatefulStage<TKey, JoinInput<TLeft, TRight>, TOut>(
            compiler.StageSettings(this, Operator, row => row.IsLeft ? leftKey(row.Left) : rightKey(row.Right), null)));
    }

    private readonly struct LeftMapper : IRowMapper<TLeft, JoinInput<TLeft, TRight>>
    {
        public Element<JoinInput<TLeft, TRight>> Map(in Element<TLeft> row, EpochFacts epoch) =>
            Element<JoinInput<TLeft, TRight>>.Row(JoinInput.OfLeft<TLeft, TRight>(row.Value), row.EventTimeMs);
    }

    private readonly struct RightMapper : IRowMapper<TRight, JoinInput<TLeft, TRight>>
    {
        public Element<JoinInput<TLeft, TRight>> Map(in Element<TRight> row, EpochFacts epoch) =>
            Element<JoinInput<TLeft, TRight>>.Row(JoinInput.OfRight<TLeft, TRight>(row.Value), row.EventTimeMs);
    }
}
