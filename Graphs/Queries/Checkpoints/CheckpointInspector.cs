using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Sluice.Graphs.Queries.Checkpoints;

/*
 * Read-only inspection of a checkpoint directory: the checkpoint database is read and checked by the same code a start
 * uses (SqliteCheckpointStore.ReadStoredAsync), opened read-only and without the directory's lock, so a running query's
 * checkpoint can be inspected beside it. The state journal in the same directory (persistence.db, the SQLite journal of
 * Sluice.Persistence) is summed per persistence id of the query's state shards: "{queryId:N}/{operatorId}/{shard}".
 */

/// <summary>Reads what a checkpoint directory holds without changing it (the <c>sluice checkpoint inspect</c> command).</summary>
/// <example>
/// <code>
/// var checkpoint = await CheckpointInspector.InspectAsync("sluice-data/demo");
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
    public static async Task<CheckpointInspection> InspectAsync(string directory, string stateFileName = SqliteCheckpointStore.StateFileName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(stateFileName);
        var full = Path.GetFullPath(directory);
        var file = Path.Combine(full, SqliteCheckpointStore.FileName);
        var stateFile = Path.Combine(full, stateFileName);
        if (!System.IO.Directory.Exists(full))
        {
            throw new CheckpointException($"'{full}' does not exist: give the checkpoint location of a query (sluice jobs keep theirs in sluice-data/<job name>).", damaged: false);
        }

        if (!File.Exists(file))
        {
            if (File.Exists(stateFile))
            {
                throw Damaged(file, $"the directory holds query state ('{stateFile}') but no '{SqliteCheckpointStore.FileName}': the checkpoint was deleted or moved", null);
            }

            throw new CheckpointException(
                $"'{full}' is not a checkpoint: it has no '{SqliteCheckpointStore.FileName}'. Give the checkpoint location of a query (sluice jobs keep theirs in sluice-data/<job name>).",
                damaged: false);
        }

        StoredCheckpoint stored;
        CheckpointEpoch? committedEpoch = null;
        IReadOnlyDictionary<int, long> logSizes;
        try
        {
            var connection = await SqliteCheckpointStore.OpenReadOnlyAsync(file, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                stored = await SqliteCheckpointStore.ReadStoredAsync(connection, file, Damaged, cancellationToken).ConfigureAwait(false);
                if (stored.LastCommit is { } commit)
                {
                    var entry = await SqliteCheckpointStore.ReadOffsetsAsync(connection, commit.BatchId, file, Damaged, cancellationToken).ConfigureAwait(false)
                        ?? throw Damaged(file, $"batch {commit.BatchId} is committed but has no entry in table 'offsets'", null);
                    committedEpoch = Epoch(entry);
                }

                logSizes = await SqliteCheckpointStore.ReadSourceLogSizesAsync(connection, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SqliteException e)
        {
            throw Damaged(file, e.Message, e);
        }

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

        var hasState = File.Exists(stateFile);
        var state = hasState ? await ReadStateAsync(stateFile, stored.QueryId, cancellationToken).ConfigureAwait(false) : [];
        return new CheckpointInspection(
            full,
            stored.QueryId,
            plan.Sources,
            plan.StatefulOperators,
            plan.NumberOfShards,
            committedEpoch,
            uncommitted,
            stored.LastCommit?.NextWatermarkMs ?? 0,
            sources,
            hasState ? stateFile : null,
            state);
    }

    private static async Task<IReadOnlyList<CheckpointStateShard>> ReadStateAsync(string stateFile, Guid queryId, CancellationToken cancellationToken)
    {
        var prefix = queryId.ToString("N") + "/";
        var shards = new Dictionary<string, (long Events, long EventBytes, long Snapshots, long SnapshotBytes)>(StringComparer.Ordinal);
        try
        {
            var connection = await SqliteCheckpointStore.OpenReadOnlyAsync(stateFile, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // The tables of Sluice.Persistence's SQLite journal: journal (one row per event) and snapshot.
                foreach (var (table, isSnapshot) in new[] { ("journal", false), ("snapshot", true) })
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = $"SELECT persistence_id, count(*), coalesce(sum(length(payload)), 0) FROM {table} WHERE substr(persistence_id, 1, length($prefix)) = $prefix GROUP BY persistence_id;";
                    command.Parameters.AddWithValue("$prefix", prefix);
                    using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var id = reader.GetString(0);
                        var sizes = shards.GetValueOrDefault(id);
                        shards[id] = isSnapshot
                            ? sizes with { Snapshots = reader.GetInt64(1), SnapshotBytes = reader.GetInt64(2) }
                            : sizes with { Events = reader.GetInt64(1), EventBytes = reader.GetInt64(2) };
                    }
                }
            }
        }
        catch (SqliteException e)
        {
            throw new CheckpointException(
                $"The state journal '{stateFile}' is damaged: {e.Message.TrimEnd('.')}. Restore the checkpoint directory from a backup, or start the query on a new checkpoint location.",
                damaged: true,
                e);
        }

        var result = new List<CheckpointStateShard>(shards.Count);
        foreach (var (id, sizes) in shards)
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

    private static CheckpointException Damaged(string file, string cause, Exception? inner) =>
        new(
            $"The checkpoint database '{file}' is damaged: {cause.TrimEnd('.')}. Sluice never restarts a damaged checkpoint from zero: " +
            "restore the directory from a backup, or start the query on a new checkpoint location to process from the beginning.",
            damaged: true,
            inner);
}
