using Npgsql;
using Sluice.Persistence.Serialization;
using Sluice.Persistence.Snapshots;

namespace Sluice.Persistence.Postgres;

/// <summary>Snapshots in PostgreSQL (table <c>snapshot</c> of the configured schema, keyed by persistence id and
/// sequence number).</summary>
public sealed class PostgresSnapshotStore : ISnapshotStore
{
    private const string Columns = "persistence_id, sequence_nr, timestamp_ticks, serializer_id, manifest, payload";
    private const string CriteriaCondition = "sequence_nr BETWEEN $2 AND $3 AND timestamp_ticks BETWEEN $4 AND $5";

    private readonly PostgresDatabase _database;
    private readonly SerializerRegistry _registry;

    /// <summary>Creates the store; the connection is opened and the schema checked on first use.</summary>
    /// <param name="settings">Connection string and schema.</param>
    /// <param name="registry">Serializers; null uses a new default registry.</param>
    public PostgresSnapshotStore(PostgresStoreSettings settings, SerializerRegistry? registry = null)
    {
        _database = new PostgresDatabase(settings);
        _registry = registry ?? new SerializerRegistry();
    }

    /// <inheritdoc />
    public Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var payload = PayloadCodec.Serialize(_registry, snapshot, "snapshot", metadata.PersistenceId, metadata.SequenceNr);
        return ExecuteAsync(
            $"""
            INSERT INTO {_database.Schema}.snapshot ({Columns}) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET timestamp_ticks = excluded.timestamp_ticks,
                serializer_id = excluded.serializer_id, manifest = excluded.manifest, payload = excluded.payload
            """,
            [
                Text(metadata.PersistenceId), Long(metadata.SequenceNr), Long(PayloadCodec.TimestampTicks(metadata.Timestamp)),
                new NpgsqlParameter<int> { TypedValue = payload.SerializerId }, Text(payload.Manifest),
                new NpgsqlParameter<byte[]> { TypedValue = payload.Bytes },
            ],
            $"Saving the snapshot of '{metadata.PersistenceId}' at sequence number {metadata.SequenceNr}",
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        try
        {
            var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = new NpgsqlCommand(
                    $"SELECT {Columns} FROM {_database.Schema}.snapshot WHERE persistence_id = $1 AND {CriteriaCondition} ORDER BY sequence_nr DESC LIMIT 1",
                    connection);
                command.Parameters.AddRange(WithCriteria(persistenceId, criteria));
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    return await SnapshotRows.ReadFirstAsync(reader, _registry, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (NpgsqlException e)
        {
            throw _database.Failure($"Loading a snapshot of '{persistenceId}'", e);
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return ExecuteAsync(
            $"DELETE FROM {_database.Schema}.snapshot WHERE persistence_id = $1 AND sequence_nr = $2 AND ($3 = 0 OR timestamp_ticks <= $3)",
            [Text(metadata.PersistenceId), Long(metadata.SequenceNr), Long(metadata.Timestamp.Ticks)],
            $"Deleting the snapshot of '{metadata.PersistenceId}' at sequence number {metadata.SequenceNr}",
            cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        return ExecuteAsync(
            $"DELETE FROM {_database.Schema}.snapshot WHERE persistence_id = $1 AND {CriteriaCondition}",
            WithCriteria(persistenceId, criteria),
            $"Deleting the snapshots of '{persistenceId}' up to sequence number {criteria.MaxSequenceNr}",
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static NpgsqlParameter[] WithCriteria(string persistenceId, SnapshotSelectionCriteria criteria) =>
    [
        Text(persistenceId), Long(criteria.MinSequenceNr), Long(criteria.MaxSequenceNr),
        Long(criteria.MinTimestamp.Ticks), Long(criteria.MaxTimestamp.Ticks),
    ];

    private async Task ExecuteAsync(string sql, NpgsqlParameter[] parameters, string what, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = new NpgsqlCommand(sql, connection);
                command.Parameters.AddRange(parameters);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (NpgsqlException e)
        {
            throw _database.Failure(what, e);
        }
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    private static NpgsqlParameter<long> Long(long value) => new() { TypedValue = value };
}
