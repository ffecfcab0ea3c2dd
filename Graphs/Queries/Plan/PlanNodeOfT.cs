using Sluice.Graphs.Dsl;
using Sluice.Graphs.Queries.Execution;

namespace Sluice.Graphs.Queries.Plan;

/// <summary>A plan node producing rows of <typeparamref name="T"/>: it compiles itself into a source of query elements.</summary>
internal abstract class PlanNode<T> : PlanNode
{
    /// <summary>The stages of this node and of everything upstream of it.</summary>
    public abstract Source<Element<T>, NotUsed> Compile(QueryCompiler compiler);
}
