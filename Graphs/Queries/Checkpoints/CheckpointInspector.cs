using System.Globalization;

namespace Sluice.Graphs.Queries.Checkpoints;

/*
 * Read-only inspection of a checkpoint, a directory (SQLite) or a PostgreSQL schema alike: the store reads and checks
 * it with the same code a start uses (IInspectableCheckpointStore.ReadStoredAsync), without the checkpoint's lock, so a
 * running query's checkpoint can be inspected beside it; the committed batch's offsets come through
 * ICheckpointStore.GetOffsetsAsync as a restart reads them. The state journal kept with the checkpoint (persistence.db
 * in the directory; the journal and snapshot tables of the schema) is summed per persistence id of the query's state
 * shards: "{queryId:N}/{operatorId}/{shard}".
 */

/// <summary>Reads what a checkpoint holds without changing it (the <c>sluice checkpoint inspect</c> command).</summary>
/// <example>
/// <code>
/// var checkpoint = await CheckpointInspector.InspectAsync("sluice-data/demo");
/// var onPostgres = await CheckpointInspector.InspectAsync(CheckpointLocation.Postgres("Host=db;Database=sluice;Username=sluice", "sluice_demo"));
/// Console.WriteLine($"last commit {checkpoint.LastCommittedBatch}, watermark {checkpoint.Watermark}");
/// </code>
/// </example>
public static class CheckpointInspector
{
    /// <summary>Inspects the checkpoint in <paramref name="directory"/>.</summary>
    /// <param name="directory">The checkpoint location (a query's <c>CheckpointLocation</c>, e.g. <c>sluice-data/demo</c>).</param>
    /// <param name="stateFileName">The state journal's file name in the directory (<c>sluice.persistence.sqlite.file-name</c>).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="CheckpointException">The directory is not a checkpoint (<see cref="CheckpointException.IsDamaged"/> false), or
    /// the checkpoint or its state journal is damaged (true); the message names the file, the cause and the fix.</exception>
    public static Task<CheckpointInspection> InspectAsync(string directory, string stateFileName = SqliteCheckpointStore.StateFileName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(stateFileName);
        return InspectAsync(SqliteCheckpointStore.ForInspection(Path.GetFullPath(directory), stateFileName), cancellationToken);
    }

    /// <summary>Inspects the checkpoint at <paramref name="location"/>: a directory, or a PostgreSQL schema with its state journal.</summary>
    /// <param name="location">A query's checkpoint location (<see cref="CheckpointLocation.Directory"/> or <see cref="CheckpointLocation.Postgres"/>).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="CheckpointException">There is no checkpoint there (<see cref="CheckpointException.IsDamaged"/> false), or it is damaged (true).</exception>
    /// <exception cref="StreamingQueryException">The PostgreSQL server cannot be reached or refuses the reads; the message names the server and the cause.</exception>
    public static async Task<CheckpointInspection> InspectAsync(CheckpointLocation location, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.PostgresLocation is { } postgres)
        {
            using var store = PostgresCheckpointStore.ForInspection(postgres);
            return await InspectAsync(store, cancellationToken).ConfigureAwait(false);
        }

        return await InspectAsync(location.DirectoryPath!, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CheckpointInspection> InspectAsync(IInspectableCheckpointStore store, CancellationToken cancellationToken)
    {
        var stored = await store.ReadStoredAsync(cancellationToken).ConfigureAwait(false);
        CheckpointEpoch? committedEpoch = null;
        if (stored.LastCommit is { } commit)
        {
            var entry = await store.GetOffsetsAsync(commit.BatchId, cancellationToken).ConfigureAwait(false)
                ?? throw CheckpointErrors.Damaged(store.Location, $"batch {commit.BatchId} is committed but has no offset log entry", "checkpoint");
            committedEpoch = Epoch(entry);
        }

        var logSizes = await store.ReadSourceLogSizesAsync(cancellationToken).ConfigureAwait(false);
        var lastOffsets = stored.LastOffsets is { } offsets ? Epoch(offsets) : null;
        var uncommitted = lastOffsets is not null && lastOffsets.BatchId > (stored.LastCommit?.BatchId ?? -1) ? lastOffsets : null;
        var plan = stored.Plan;
        var sources = new List<CheckpointSource>(plan.Sources.Count);
        for (var i = 0; i < plan.Sources.Count; i++)
        {
            sources.Add(new CheckpointSource(
                i,
                plan.Sources[i],
                committedEpoch is { } c && i < c.EndOffsets.Count ? c.EndOffsets[i] : 0,
                uncommitted is { } u && i < u.EndOffsets.Count ? u.EndOffsets[i] : null,
                logSizes.GetValueOrDefault(i)));
        }

        var prefix = stored.QueryId.ToString("N") + "/";
        var journal = await store.ReadStateSizesAsync(prefix, cancellationToken).ConfigureAwait(false);
        return new CheckpointInspection(
            store.Location,
            stored.QueryId,
            plan.Sources,
            plan.StatefulOperators,
            plan.NumberOfShards,
            committedEpoch,
            uncommitted,
            stored.LastCommit?.NextWatermarkMs ?? 0,
            sources,
            journal?.Location,
            journal is null ? [] : Shards(journal, prefix));
    }

    private static List<CheckpointStateShard> Shards(StateJournalSizes journal, string prefix)
    {
        var result = new List<CheckpointStateShard>(journal.PersistenceIds.Count);
        foreach (var (id, sizes) in journal.PersistenceIds)
        {
            var rest = id[prefix.Length..];
            var slash = rest.LastIndexOf('/');
            if (slash < 0 || !int.TryParse(rest[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var shard))
            {
                continue;
            }

            result.Add(new CheckpointStateShard(rest[..slash], shard, sizes.Events, sizes.EventBytes, sizes.Snapshots, sizes.SnapshotBytes));
        }

        result.Sort(static (a, b) => a.Operator != b.Operator ? OperatorOrder(a.Operator).CompareTo(OperatorOrder(b.Operator)) : a.Shard.CompareTo(b.Shard));
        return result;
    }

    // Operator ids are "{index}-{name}": sort by the index as a number.
    private static (int, string) OperatorOrder(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && int.TryParse(id[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? (index, id) : (int.MaxValue, id);
    }

    private static CheckpointEpoch Epoch(OffsetLogEntry entry) =>
        new(entry.BatchId, entry.StartOffsets, entry.EndOffsets, entry.WatermarkMs, DateTimeOffset.FromUnixTimeMilliseconds(entry.BatchTimestampMs), entry.IsNoDataBatch);
}
