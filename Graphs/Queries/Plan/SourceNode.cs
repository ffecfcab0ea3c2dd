using Sluice.Graphs.Dsl;
using Sluice.Graphs.Queries.Execution;
using Sluice.Graphs.Queries.Sources;

namespace Sluice.Graphs.Queries.Plan;

/// <summary>A query source: the leaf of a plan.</summary>
internal sealed class SourceNode<T>(QuerySource<T> source) : PlanNode<T>
{
    public QuerySource<T> Source { get; } = source;

    public override IReadOnlyList<PlanNode> Inputs => [];

    public override string SourceKind => Checkpoints.CheckpointMetadata.TypeName(Source.GetType());

    public override Source<Element<T>, NotUsed> Compile(QueryCompiler compiler)
    {
        var driver = new SourceDriver<T>(compiler.Sources.Count, Source);
        compiler.Sources.Add(driver);
        return Dsl.Source.FromGraph(driver.CreateStage());
    }
}
