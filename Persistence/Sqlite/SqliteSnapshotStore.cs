using Microsoft.Data.Sqlite;
using Sluice.Persistence.Serialization;
using Sluice.Persistence.Snapshots;

namespace Sluice.Persistence.Sqlite;

/// <summary>
/// Snapshots in the SQLite file (table <c>snapshot</c>, keyed by persistence id and sequence number); may share the
/// journal's file.
/// </summary>
public sealed class SqliteSnapshotStore : ISnapshotStore
{
    private const string Columns = "persistence_id, sequence_nr, timestamp_ticks, serializer_id, manifest, payload";
    private const string CriteriaCondition =
        "sequence_nr BETWEEN $minSeq AND $maxSeq AND timestamp_ticks BETWEEN $minTs AND $maxTs";

    private readonly SqliteDatabase _database;
    private readonly SerializerRegistry _registry;

    /// <summary>Creates the store; the file and schema are created on first use.</summary>
    /// <param name="settings">Where the file is.</param>
    /// <param name="registry">Serializers; null uses a new default registry.</param>
    public SqliteSnapshotStore(SqliteStoreSettings settings, SerializerRegistry? registry = null)
    {
        _database = new SqliteDatabase(settings);
        _registry = registry ?? new SerializerRegistry();
    }

    /// <inheritdoc />
    public async Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var payload = PayloadCodec.Serialize(_registry, snapshot, "snapshot", metadata.PersistenceId, metadata.SequenceNr);
        await ExecuteAsync(
            $"""
            INSERT INTO snapshot ({Columns}) VALUES ($pid, $seq, $ts, $serializer, $manifest, $payload)
            ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET timestamp_ticks = excluded.timestamp_ticks,
                serializer_id = excluded.serializer_id, manifest = excluded.manifest, payload = excluded.payload;
            """,
            p =>
            {
                p.AddWithValue("$pid", metadata.PersistenceId);
                p.AddWithValue("$seq", metadata.SequenceNr);
                p.AddWithValue("$ts", PayloadCodec.TimestampTicks(metadata.Timestamp));
                p.AddWithValue("$serializer", payload.SerializerId);
                p.AddWithValue("$manifest", payload.Manifest);
                p.AddWithValue("$payload", payload.Bytes);
            },
            $"Saving the snapshot of '{metadata.PersistenceId}' at sequence number {metadata.SequenceNr}",
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT {Columns} FROM snapshot WHERE persistence_id = $pid AND {CriteriaCondition}
                ORDER BY sequence_nr DESC LIMIT 1;
                """;
            command.Parameters.AddWithValue("$pid", persistenceId);
            BindCriteria(command.Parameters, criteria);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await SnapshotRows.ReadFirstAsync(reader, _registry, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return ExecuteAsync(
            "DELETE FROM snapshot WHERE persistence_id = $pid AND sequence_nr = $seq AND ($ts = 0 OR timestamp_ticks <= $ts);",
            p =>
            {
                p.AddWithValue("$pid", metadata.PersistenceId);
                p.AddWithValue("$seq", metadata.SequenceNr);
                p.AddWithValue("$ts", metadata.Timestamp.Ticks);
            },
            $"Deleting the snapshot of '{metadata.PersistenceId}' at sequence number {metadata.SequenceNr}",
            cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        return ExecuteAsync(
            $"DELETE FROM snapshot WHERE persistence_id = $pid AND {CriteriaCondition};",
            p =>
            {
                p.AddWithValue("$pid", persistenceId);
                BindCriteria(p, criteria);
            },
            $"Deleting the snapshots of '{persistenceId}' up to sequence number {criteria.MaxSequenceNr}",
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _database.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void BindCriteria(SqliteParameterCollection p, SnapshotSelectionCriteria criteria)
    {
        p.AddWithValue("$minSeq", criteria.MinSequenceNr);
        p.AddWithValue("$maxSeq", criteria.MaxSequenceNr);
        p.AddWithValue("$minTs", criteria.MinTimestamp.Ticks);
        p.AddWithValue("$maxTs", criteria.MaxTimestamp.Ticks);
    }

    private async Task ExecuteAsync(string sql, Action<SqliteParameterCollection> bind, string what, CancellationToken cancellationToken)
    {
        await _database.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                bind(command.Parameters);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SqliteException e)
        {
            throw new PersistenceException($"{what} in '{_database.Settings.FilePath}' failed: {e.Message}", e);
        }
        finally
        {
            _database.WriteLock.Release();
        }
    }
}
