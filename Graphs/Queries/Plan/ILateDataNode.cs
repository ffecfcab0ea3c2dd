using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Plan;

/// <summary>A stateful node whose late input rows (of <typeparamref name="TIn"/>) can be routed to a side output.</summary>
internal interface ILateDataNode<TIn>
{
    PlanNode WithLateRows(Action<IReadOnlyList<TimedRow<TIn>>, long> lateRows);
}
