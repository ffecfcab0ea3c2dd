namespace Sluice.Graphs.Queries.Plan;

/// <summary>A node of a streaming query's logical plan; the engine compiles the plan into stages when the query starts.</summary>
internal abstract class PlanNode
{
    /// <summary>The nodes this one reads from (none for a source).</summary>
    public abstract IReadOnlyList<PlanNode> Inputs { get; }

    /// <summary>The stateful operator of this node, when it is one.</summary>
    public virtual IStatefulPlanNode? Stateful => null;

    /// <summary>For a source, its kind as recorded in a checkpoint's plan fingerprint; null for other nodes.</summary>
    public virtual string? SourceKind => null;

    /// <summary>True for a WithWatermark node.</summary>
    public virtual bool DefinesWatermark => false;
}
