using Sluice.Graphs.Queries;

namespace Sluice.Graphs.State;

/// <summary>
/// What a stateful operator knows about the epoch (micro-batch) it is processing. The watermarks follow Spark's
/// micro-batch rules (DESIGN 4.5): both are fixed for the whole epoch and were computed at the end of the previous one.
/// For the first stateful operator of a query both are the global watermark; a chained operator judges lateness by
/// the previous epoch's watermark and evicts by the current one (rule 9). Before any watermark exists both are 0.
/// </summary>
/// <param name="EpochId">The epoch (batch) id, from 0, stable across restarts.</param>
/// <param name="BatchTimestampMs">The trigger clock at the start of the batch: processing-time timeouts fire when timeout &lt; this.</param>
/// <param name="LatenessWatermarkMs">A row (or window, session...) whose time is &lt;= this is late.</param>
/// <param name="EvictionWatermarkMs">State whose time is &lt;= this is final: emitted in Append mode and evicted.</param>
/// <param name="Mode">The query's output mode.</param>
/// <param name="HasWatermark">True when the query defines a watermark on the event time this operator uses.</param>
public readonly record struct EpochInfo(
    long EpochId,
    long BatchTimestampMs,
    long LatenessWatermarkMs,
    long EvictionWatermarkMs,
    OutputMode Mode,
    bool HasWatermark)
{
    /// <summary>
    /// True in an epoch of a Continuous trigger: an operator should emit what a batch of rows changed at once, in
    /// <see cref="StatefulShard{TKey,TIn,TOut}.OnRows"/> (Update mode: the new values of the keys the batch touched),
    /// rather than at the end of the epoch, so that rows reach the sink without waiting for the checkpoint.
    /// </summary>
    public bool IsContinuous { get; init; }
}
