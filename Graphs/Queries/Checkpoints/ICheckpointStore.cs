namespace Sluice.Graphs.Queries.Checkpoints;

/*
 * A query's checkpoint, in Spark's layout: metadata (the query id, stable across restarts), an offset log (one entry
 * per batch, written BEFORE the batch runs: its offsets and the facts it runs with) and a commit log (one entry per
 * batch, written AFTER its output and state are durable). A batch with an offset entry and no commit entry was
 * planned but not committed: a restart re-runs it with exactly the logged offsets, watermark and timestamp.
 * This issue keeps the logs in memory; issue 6 makes them durable behind the same interface.
 */

/// <summary>Where a query keeps its offset and commit logs.</summary>
internal interface ICheckpointStore
{
    /// <summary>Reads the query id (creating one on first use), the last offset entry and the last commit entry.</summary>
    Task<CheckpointState> LoadAsync(CancellationToken cancellationToken);

    /// <summary>The offset entry of <paramref name="batchId"/>, or null.</summary>
    Task<OffsetLogEntry?> GetOffsetsAsync(long batchId, CancellationToken cancellationToken);

    /// <summary>Writes the offset entry of a batch about to run (Spark's walCommit).</summary>
    Task WriteOffsetsAsync(OffsetLogEntry entry, CancellationToken cancellationToken);

    /// <summary>Writes the commit entry of a batch whose output and state are durable.</summary>
    Task WriteCommitAsync(CommitLogEntry entry, CancellationToken cancellationToken);
}

/// <summary>What a checkpoint holds at start.</summary>
internal sealed record CheckpointState(Guid QueryId, OffsetLogEntry? LastOffsets, CommitLogEntry? LastCommit);

/// <summary>An offset log entry: the batch's offsets per source and the facts it runs with.</summary>
/// <param name="BatchId">The batch (epoch) id.</param>
/// <param name="StartOffsets">Per source, where the batch starts.</param>
/// <param name="EndOffsets">Per source, where it ends (exclusive).</param>
/// <param name="WatermarkMs">The global watermark the batch runs with.</param>
/// <param name="PreviousWatermarkMs">The watermark of the previous batch (lateness for chained operators).</param>
/// <param name="BatchTimestampMs">The trigger clock at batch start.</param>
/// <param name="IsNoDataBatch">True for a no-data batch.</param>
internal sealed record OffsetLogEntry(long BatchId, long[] StartOffsets, long[] EndOffsets, long WatermarkMs, long PreviousWatermarkMs, long BatchTimestampMs, bool IsNoDataBatch);

/// <summary>A commit log entry: the batch is done; the watermark the next batch runs with.</summary>
internal sealed record CommitLogEntry(long BatchId, long NextWatermarkMs);
