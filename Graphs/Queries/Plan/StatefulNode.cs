using Sluice.Graphs.Dsl;
using Sluice.Graphs.Queries.Execution;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Plan;

/// <summary>A keyed stateful operator: rows are routed by <see cref="Key"/> to shards running its operator.</summary>
internal sealed class StatefulNode<TIn, TKey, TOut>(PlanNode input, Func<TIn, TKey> key, StatefulOperator<TKey, TIn, TOut> op, Action<IReadOnlyList<TimedRow<TIn>>, long>? lateRows = null)
    : StatefulPlanNode<TKey, TIn, TOut>(op), ILateDataNode<TIn>
    where TKey : notnull
{
    public PlanNode Input { get; } = input;

    public Func<TIn, TKey> Key { get; } = key;

    /// <summary>Where rows judged late go (LateDataTo), or null to drop them.</summary>
    public Action<IReadOnlyList<TimedRow<TIn>>, long>? LateRows { get; } = lateRows;

    public override IReadOnlyList<PlanNode> Inputs => [Input];

    public PlanNode WithLateRows(Action<IReadOnlyList<TimedRow<TIn>>, long> lateRows) => new StatefulNode<TIn, TKey, TOut>(Input, Key, Operator, lateRows);

    public override Source<Element<TOut>, NotUsed> Compile(QueryCompiler compiler) =>
        ((PlanNode<TIn>)Input).Compile(compiler).Via(new StatefulStage<TKey, TIn, TOut>(compiler.StageSettings(this, Operator, Key, LateRows)));
}
