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

    /// <summary>For a WithWatermark node, its delay in ms; null for other nodes.</summary>
    public virtual long? WatermarkDelayMs => null;

    /// <summary>
    /// The watermark delay that rows reaching this node carry (Spark's event-time column metadata): the delay of the
    /// nearest WithWatermark above it, the largest over the inputs of a union or join; null when there is none.
    /// </summary>
    public long? WatermarkDelayAbove()
    {
        if (WatermarkDelayMs is { } own)
        {
            return own;
        }

        long? delay = null;
        foreach (var input in Inputs)
        {
            if (input.WatermarkDelayAbove() is { } above && (delay is null || above > delay))
            {
                delay = above;
            }
        }

        return delay;
    }
}
