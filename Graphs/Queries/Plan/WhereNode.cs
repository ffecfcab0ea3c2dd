using Sluice.Graphs.Dsl;
using Sluice.Graphs.Queries.Execution;

namespace Sluice.Graphs.Queries.Plan;

/// <summary>Where: keeps the rows that satisfy a predicate.</summary>
internal sealed class WhereNode<T>(PlanNode<T> input, Func<T, bool> predicate) : PlanNode<T>
{
    public override IReadOnlyList<PlanNode> Inputs => [input];

    public override Source<Element<T>, NotUsed> Compile(QueryCompiler compiler) =>
        input.Compile(compiler).Via(new WhereStage<T>(predicate));
}
