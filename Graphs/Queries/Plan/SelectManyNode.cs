using Sluice.Graphs.Dsl;
using Sluice.Graphs.Queries.Execution;

namespace Sluice.Graphs.Queries.Plan;

/// <summary>SelectMany: each row becomes zero or more rows.</summary>
internal sealed class SelectManyNode<TIn, TOut>(PlanNode<TIn> input, Func<TIn, IEnumerable<TOut>> f) : PlanNode<TOut>
{
    public override IReadOnlyList<PlanNode> Inputs => [input];

    public override Source<Element<TOut>, NotUsed> Compile(QueryCompiler compiler) =>
        input.Compile(compiler).Via(new SelectManyStage<TIn, TOut>(f));
}
