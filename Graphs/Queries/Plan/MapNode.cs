using Sluice.Graphs.Dsl;
using Sluice.Graphs.Queries.Execution;

namespace Sluice.Graphs.Queries.Plan;

/// <summary>A stateless 1:1 node (Select, WithTimestamps, WithProcessingTime) running <typeparamref name="TMapper"/>.</summary>
internal sealed class MapNode<TIn, TOut, TMapper>(PlanNode<TIn> input, string name, TMapper mapper) : PlanNode<TOut>
    where TMapper : struct, IRowMapper<TIn, TOut>
{
    public override IReadOnlyList<PlanNode> Inputs => [input];

    public override Source<Element<TOut>, NotUsed> Compile(QueryCompiler compiler) =>
        input.Compile(compiler).Via(new MapStage<TIn, TOut, TMapper>(name, mapper));
}
