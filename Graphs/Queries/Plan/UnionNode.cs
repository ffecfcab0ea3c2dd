using Sluice.Graphs.Dsl;
using Sluice.Graphs.Queries.Execution;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Queries.Plan;

/// <summary>Union: the rows of several streams of one type, barriers aligned.</summary>
internal sealed class UnionNode<T>(IReadOnlyList<PlanNode<T>> inputs) : PlanNode<T>
{
    public override IReadOnlyList<PlanNode> Inputs => inputs;

    public override Source<Element<T>, NotUsed> Compile(QueryCompiler compiler) => Align(compiler, inputs.Select(i => i.Compile(compiler)).ToArray());

    /// <summary>Merges <paramref name="sources"/> through an aligning fan-in stage.</summary>
    public static Source<Element<T>, NotUsed> Align(QueryCompiler compiler, IReadOnlyList<Source<Element<T>, NotUsed>> sources) =>
        Source.FromGraph(GraphDsl.Create(b =>
        {
            var align = b.Add(new AlignStage<T>(sources.Count));
            for (var i = 0; i < sources.Count; i++)
            {
                b.From(sources[i]).To(align.In(i));
            }

            return new SourceShape<Element<T>>(align.Out);
        }));
}
