using Npgsql;

namespace Sluice.TestKit.Postgres;

/// <summary>
/// An event inserted into a PostgreSQL journal by a transaction that stays open until <see cref="CommitAsync"/> or
/// <see cref="RollbackAsync"/>: it owns its ordering number but nobody sees it yet, as a concurrent writer's
/// transaction that commits late. It takes no advisory lock, so the journal's own writers are not held up.
/// </summary>
public sealed class HeldJournalInsert : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private HeldJournalInsert(NpgsqlConnection connection, NpgsqlTransaction transaction, long ordering)
    {
        _connection = connection;
        _transaction = transaction;
        Ordering = ordering;
    }

    /// <summary>The ordering number the open transaction took.</summary>
    public long Ordering { get; }

    /// <summary>Inserts event (<paramref name="persistenceId"/>, <paramref name="sequenceNr"/>) with the payload, tags and
    /// writer of a stored event (so it reads back as that event does) and leaves the transaction open.</summary>
    /// <param name="connectionString">The server.</param>
    /// <param name="schema">The journal's schema (unquoted).</param>
    /// <param name="persistenceId">The new event's persistence id.</param>
    /// <param name="sequenceNr">The new event's sequence number.</param>
    /// <param name="copyOf">The stored event whose payload, tags and writer it copies.</param>
    /// <param name="tag">A tag to index the new event under (journal_tag), or null.</param>
    /// <returns>The open insert.</returns>
    public static async Task<HeldJournalInsert> BeginAsync(
        string connectionString, string schema, string persistenceId, long sequenceNr, (string PersistenceId, long SequenceNr) copyOf, string? tag = null)
    {
        var s = "\"" + schema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        using var command = new NpgsqlCommand(
            $"""
            WITH inserted AS (
                INSERT INTO {s}.journal (persistence_id, sequence_nr, timestamp_ticks, writer_guid, serializer_id, manifest, payload, tags)
                SELECT $1, $2, timestamp_ticks, writer_guid, serializer_id, manifest, payload, tags
                FROM {s}.journal WHERE persistence_id = $3 AND sequence_nr = $4
                RETURNING ordering),
            tagged AS (INSERT INTO {s}.journal_tag (tag, ordering) SELECT $5, ordering FROM inserted WHERE $5 IS NOT NULL)
            SELECT ordering FROM inserted
            """,
            connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequenceNr });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = copyOf.PersistenceId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = copyOf.SequenceNr });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)tag ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var ordering = await command.ExecuteScalarAsync().ConfigureAwait(false)
            ?? throw new InvalidOperationException($"No stored event {copyOf.PersistenceId}/{copyOf.SequenceNr} to copy in schema {schema}.");
        return new HeldJournalInsert(connection, transaction, (long)ordering);
    }

    /// <summary>Commits: the event becomes visible with its (lower) ordering.</summary>
    /// <returns>Completes when committed.</returns>
    public Task CommitAsync() => _transaction.CommitAsync();

    /// <summary>Rolls back: the ordering number stays a hole forever.</summary>
    /// <returns>Completes when rolled back.</returns>
    public Task RollbackAsync() => _transaction.RollbackAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
