namespace Sluice.Graphs.Queries.Checkpoints;

/// <summary>What a checkpoint holds, as read by <see cref="CheckpointInspector"/>.</summary>
/// <param name="Location">The checkpoint: its directory (full path), or its PostgreSQL server, database and schema (never a password).</param>
/// <param name="QueryId">The query's id, stable across restarts.</param>
/// <param name="SourceKinds">The plan fingerprint: per source, in plan order, its kind.</param>
/// <param name="StatefulOperators">The plan fingerprint: per stateful operator, in plan order, its name and key type.</param>
/// <param name="NumberOfShards">The plan fingerprint: how many shards keyed state is spread over.</param>
/// <param name="LastCommitted">The offset entry of the last committed batch, or null when no batch committed yet.</param>
/// <param name="Uncommitted">The batch planned (offsets logged) but not committed, which a restart runs again; null when none.</param>
/// <param name="WatermarkMs">The watermark the next batch runs with (from the last commit), ms since the Unix epoch; 0 before any.</param>
/// <param name="Sources">Per source, its offsets.</param>
/// <param name="StateLocation">The state journal kept with the checkpoint (the SQLite file in the directory; the schema's journal and snapshot tables), or null when the query's state is not kept there.</param>
/// <param name="State">Per stateful operator and shard, what the state journal holds (shards that never wrote are absent).</param>
public sealed record CheckpointInspection(
    string Location,
    Guid QueryId,
    IReadOnlyList<string> SourceKinds,
    IReadOnlyList<string> StatefulOperators,
    int NumberOfShards,
    CheckpointEpoch? LastCommitted,
    CheckpointEpoch? Uncommitted,
    long WatermarkMs,
    IReadOnlyList<CheckpointSource> Sources,
    string? StateLocation,
    IReadOnlyList<CheckpointStateShard> State)
{
    /// <summary>The last committed batch id, or null.</summary>
    public long? LastCommittedBatch => LastCommitted?.BatchId;

    /// <summary>The watermark the next batch runs with.</summary>
    public DateTimeOffset Watermark => DateTimeOffset.FromUnixTimeMilliseconds(WatermarkMs);
}

/// <summary>An offset log entry: a batch's offsets and the facts it runs with.</summary>
/// <param name="BatchId">The batch (epoch) id.</param>
/// <param name="StartOffsets">Per source, where the batch starts.</param>
/// <param name="EndOffsets">Per source, where it ends (exclusive).</param>
/// <param name="WatermarkMs">The watermark the batch runs with, ms since the Unix epoch.</param>
/// <param name="BatchTimestamp">The trigger clock at the batch's start.</param>
/// <param name="IsNoDataBatch">True for a no-data batch (run only to advance the watermark).</param>
public sealed record CheckpointEpoch(long BatchId, IReadOnlyList<long> StartOffsets, IReadOnlyList<long> EndOffsets, long WatermarkMs, DateTimeOffset BatchTimestamp, bool IsNoDataBatch);

/// <summary>A source of a checkpointed query and its offsets.</summary>
/// <param name="Index">Its position in the plan.</param>
/// <param name="Kind">Its kind (source type and row type) from the plan fingerprint.</param>
/// <param name="CommittedOffset">Where the last committed batch ended (0 before any commit).</param>
/// <param name="PlannedOffset">Where the uncommitted batch ends, or null when none is pending.</param>
/// <param name="LogEntries">Entries in the source's log (the files a file source took; a rate source's origin).</param>
public sealed record CheckpointSource(int Index, string Kind, long CommittedOffset, long? PlannedOffset, long LogEntries);

/// <summary>What the state journal holds for one shard of one stateful operator.</summary>
/// <param name="Operator">The operator's id: its plan position and name, e.g. <c>0-aggregate</c>.</param>
/// <param name="Shard">The shard number.</param>
/// <param name="Events">Changelog events stored (older ones go once a snapshot covers them).</param>
/// <param name="EventBytes">Their serialized size.</param>
/// <param name="Snapshots">Snapshots stored.</param>
/// <param name="SnapshotBytes">Their serialized size.</param>
public sealed record CheckpointStateShard(string Operator, int Shard, long Events, long EventBytes, long Snapshots, long SnapshotBytes)
{
    /// <summary>Events and snapshots together, in bytes.</summary>
    public long Bytes => EventBytes + SnapshotBytes;
}
