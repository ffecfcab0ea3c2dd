namespace Sluice.Graphs.Queries;

/// <summary>How a query's global watermark is chosen from its inputs' watermarks (Spark's <c>spark.sql.streaming.multipleWatermarkPolicy</c>).</summary>
public enum WatermarkPolicy
{
    /// <summary>The minimum over inputs (the default): no input's rows are judged late before that input has progressed.</summary>
    Min,

    /// <summary>The maximum over inputs: the fastest input drives the watermark; slower inputs' rows may be dropped as late.</summary>
    Max,
}
