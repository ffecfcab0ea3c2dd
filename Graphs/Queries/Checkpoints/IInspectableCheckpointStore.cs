using System.Data.Common;

namespace Sluice.Graphs.Queries.Checkpoints;

/*
 * The read-only side of the durable stores (a directory's SQLite file, a PostgreSQL schema), for CheckpointInspector:
 * the same checks a start makes (tables, schema version, query id, plan fingerprint, the last entries), but no lock is
 * taken and nothing is created or repaired, so a running query's checkpoint can be read beside it. The offset entry of
 * the last committed batch comes through ICheckpointStore.GetOffsetsAsync, as a restart reads it. Both stores keep the
 * same tables (the PostgreSQL ones prefixed checkpoint_) and their state journal has the same journal and snapshot
 * tables, so the counting queries below are shared.
 */

/// <summary>A durable checkpoint store that can also be read without starting its query (<c>sluice checkpoint inspect</c>).</summary>
internal interface IInspectableCheckpointStore : ICheckpointStore
{
    /// <summary>Where the checkpoint is, for reports: the directory, or the PostgreSQL server, database and schema (never a password).</summary>
    string Location { get; }

    /// <summary>Reads and checks the stored checkpoint, read-only.</summary>
    /// <exception cref="CheckpointException">There is no checkpoint (<see cref="CheckpointException.IsDamaged"/> false) or it is damaged (true).</exception>
    Task<StoredCheckpoint> ReadStoredAsync(CancellationToken cancellationToken);

    /// <summary>How many entries each source has in its log.</summary>
    Task<IReadOnlyDictionary<int, long>> ReadSourceLogSizesAsync(CancellationToken cancellationToken);

    /// <summary>What the state journal kept with the checkpoint holds for persistence ids starting with <paramref name="prefix"/>; null when the checkpoint keeps no journal.</summary>
    Task<StateJournalSizes?> ReadStateSizesAsync(string prefix, CancellationToken cancellationToken);
}

/// <summary>The state journal kept with a checkpoint and, per persistence id, its events and snapshots.</summary>
/// <param name="Location">The journal: its SQLite file, or its PostgreSQL schema and tables.</param>
/// <param name="PersistenceIds">Per persistence id: events, their bytes, snapshots, their bytes.</param>
internal sealed record StateJournalSizes(string Location, IReadOnlyDictionary<string, (long Events, long EventBytes, long Snapshots, long SnapshotBytes)> PersistenceIds)
{
    /// <summary>
    /// Counts the rows of Sluice.Persistence's <c>journal</c> and <c>snapshot</c> tables (the same columns on SQLite and
    /// PostgreSQL) per persistence id starting with <paramref name="prefix"/>.
    /// </summary>
    /// <param name="connection">An open connection to the journal's database.</param>
    /// <param name="tablePrefix">What qualifies the table names: empty on SQLite, the quoted schema and a dot on PostgreSQL.</param>
    /// <param name="prefix">The persistence ids' prefix (a query's shards: its id and a slash).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<IReadOnlyDictionary<string, (long Events, long EventBytes, long Snapshots, long SnapshotBytes)>> ReadAsync(
        DbConnection connection, string tablePrefix, string prefix, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, (long Events, long EventBytes, long Snapshots, long SnapshotBytes)>(StringComparer.Ordinal);
        foreach (var (table, isSnapshot) in new[] { ("journal", false), ("snapshot", true) })
        {
            using var command = connection.CreateCommand();
            command.CommandText =
                $"SELECT persistence_id, count(*), coalesce(sum(length(payload)), 0) FROM {tablePrefix}{table} WHERE substr(persistence_id, 1, length(@prefix)) = @prefix GROUP BY persistence_id;";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@prefix";
            parameter.Value = prefix;
            command.Parameters.Add(parameter);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetString(0);
                var sizes = ids.GetValueOrDefault(id);
                ids[id] = isSnapshot
                    ? sizes with { Snapshots = reader.GetInt64(1), SnapshotBytes = reader.GetInt64(2) }
                    : sizes with { Events = reader.GetInt64(1), EventBytes = reader.GetInt64(2) };
            }
        }

        return ids;
    }
}
