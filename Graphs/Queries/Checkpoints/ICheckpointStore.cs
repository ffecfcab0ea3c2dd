namespace Sluice.Graphs.Queries.Checkpoints;

/*
 * A query's checkpoint, in Spark's layout: metadata (the query id, stable across restarts), an offset log (one entry
 * per batch, written BEFORE the batch runs: its offsets and the facts it runs with) and a commit log (one entry per
 * batch, written AFTER its output and state are durable). A batch with an offset entry and no commit entry was
 * planned but not committed: a restart re-runs it with exactly the logged offsets, watermark and timestamp.
 * A source whose long offsets stand for richer positions (the files a file source took, in order; the origin time of a
 * rate source) keeps them in its source log, so that the same offsets mean the same rows after a restart.
 * MemoryCheckpointStore keeps all this for the process; SqliteCheckpointStore in a checkpoint directory.
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

    /// <summary>The entries a source logged (the files a file source took, a rate source's origin), in order.</summary>
    Task<IReadOnlyList<string>> ReadSourceLogAsync(int source, CancellationToken cancellationToken);

    /// <summary>Appends entries to a source's log in one transaction, before any offset that refers to them is logged.</summary>
    Task AppendSourceLogAsync(int source, IReadOnlyList<string> entries, CancellationToken cancellationToken);

    /// <summary>The database the logs are kept in, which a sink writing there may share (null: none, e.g. in memory or a wrapper).</summary>
    CheckpointDatabase? Database => null;

    /// <summary>
    /// Writes the commit entry of a batch in ONE transaction with what <paramref name="participant"/> writes for it (a
    /// SQL sink's rows): both are durable, or neither. Only for a participant that joined this store's <see cref="Database"/>.
    /// </summary>
    Task WriteCommitAsync(CommitLogEntry entry, ICommitParticipant participant, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} keeps no database a sink can share: a sink commits its epochs on its own here.");

    /// <summary>
    /// Deletes the oldest <paramref name="count"/> entries of a source's log (a write-ahead log drops what the query has
    /// committed, so that it does not grow forever); later reads return the entries after them. A store that does not
    /// implement it keeps every entry, which is correct but unbounded.
    /// </summary>
    Task PurgeSourceLogAsync(int source, int count, CancellationToken cancellationToken) => Task.CompletedTask;
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
