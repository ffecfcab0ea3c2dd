using Npgsql;
using NpgsqlTypes;
using Sluice.Persistence.Journal;
using Sluice.Persistence.Serialization;

namespace Sluice.Persistence.Postgres;

/// <summary>
/// The shared journal on PostgreSQL (Npgsql, pooled). A <see cref="WriteMessagesAsync"/> call is one round trip and
/// one transaction: the events travel as arrays (<c>unnest</c>) in multi-row INSERTs.
/// </summary>
/// <remarks>
/// Tables (see <see cref="PostgresSchema.CreateScript"/>): <c>journal</c> with an identity <c>ordering</c> and
/// UNIQUE (persistence_id, sequence_nr), <c>journal_tag</c>, <c>journal_metadata</c>, <c>snapshot</c>,
/// <c>schema_version</c>. Writers take a transaction-scoped advisory lock, so orderings follow commit order.
/// </remarks>
public sealed class PostgresJournal : IJournalStore
{
    private const string UniqueViolation = "23505";

    private readonly PostgresDatabase _database;
    private readonly SerializerRegistry _registry;

    /// <summary>Creates the journal; the connection is opened and the schema checked on first use.</summary>
    /// <param name="settings">Connection string, schema and batching.</param>
    /// <param name="registry">Serializers; null uses a new default registry.</param>
    public PostgresJournal(PostgresStoreSettings settings, SerializerRegistry? registry = null)
    {
        _database = new PostgresDatabase(settings);
        _registry = registry ?? new SerializerRegistry();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Exception?>> WriteMessagesAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken)
    {
        var prepared = PreparedWrites.Prepare(_registry, writes);
        if (prepared.RowCount == 0)
        {
            return prepared.Results;
        }

        var rows = new List<JournalRow>(prepared.RowCount);
        foreach (var written in prepared.Rows)
        {
            rows.AddRange(written ?? []);
        }

        try
        {
            var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // No explicit transaction: a batch without one runs as one implicit transaction, so the lock and
                // all inserts commit or roll back together, in a single round trip.
                using var batch = new NpgsqlBatch(connection);
                var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)");
                lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _database.JournalLockKey });
                batch.BatchCommands.Add(lockCommand);
                for (var start = 0; start < rows.Count; start += _database.Settings.BatchSize)
                {
                    batch.BatchCommands.Add(InsertCommand(rows, start, Math.Min(_database.Settings.BatchSize, rows.Count - start)));
                }

                try
                {
                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.SqlState == UniqueViolation)
                {
                    var (pid, seq) = await FindCollisionAsync(connection, rows, cancellationToken).ConfigureAwait(false);
                    throw PreparedWrites.Conflict(pid, seq, e);
                }
            }
        }
        catch (NpgsqlException e)
        {
            throw _database.Failure($"Writing {writes.Count} atomic writes ({rows.Count} events; nothing was stored)", e);
        }

        return prepared.Results;
    }

    /// <inheritdoc />
    public async Task ReplayMessagesAsync(
        string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<PersistentRepresentation> onReplayed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onReplayed);
        if (max <= 0 || fromSequenceNr > toSequenceNr)
        {
            return;
        }

        await QueryEventsAsync(
            $"SELECT {EventReader.Columns} FROM {_database.Schema}.journal j WHERE j.persistence_id = $1 AND j.sequence_nr BETWEEN $2 AND $3 ORDER BY j.sequence_nr LIMIT $4",
            [new NpgsqlParameter<string> { TypedValue = persistenceId }, Long(fromSequenceNr), Long(toSequenceNr), Long(max)],
            persistenceId,
            (_, e) => onReplayed(e),
            $"Replaying the events of '{persistenceId}' from sequence number {fromSequenceNr}",
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = new NpgsqlCommand(
                    $"""
                    SELECT GREATEST(
                        coalesce((SELECT max(sequence_nr) FROM {_database.Schema}.journal WHERE persistence_id = $1), 0),
                        coalesce((SELECT highest_sequence_nr FROM {_database.Schema}.journal_metadata WHERE persistence_id = $1), 0))
                    """,
                    connection);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
                return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
        }
        catch (NpgsqlException e)
        {
            throw _database.Failure($"Reading the highest sequence number of '{persistenceId}'", e);
        }
    }

    /// <inheritdoc />
    public async Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // One implicit transaction: remember the highest sequence number, then delete (tags cascade).
                using var batch = new NpgsqlBatch(connection);
                var remember = new NpgsqlBatchCommand(
                    $"""
                    INSERT INTO {_database.Schema}.journal_metadata AS m (persistence_id, highest_sequence_nr)
                    SELECT persistence_id, max(sequence_nr) FROM {_database.Schema}.journal WHERE persistence_id = $1 GROUP BY persistence_id
                    ON CONFLICT (persistence_id) DO UPDATE SET highest_sequence_nr = GREATEST(m.highest_sequence_nr, excluded.highest_sequence_nr)
                    """);
                remember.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
                var delete = new NpgsqlBatchCommand($"DELETE FROM {_database.Schema}.journal WHERE persistence_id = $1 AND sequence_nr <= $2");
                delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
                delete.Parameters.Add(Long(toSequenceNr));
                batch.BatchCommands.Add(remember);
                batch.BatchCommands.Add(delete);
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (NpgsqlException e)
        {
            throw _database.Failure($"Deleting the events of '{persistenceId}' up to sequence number {toSequenceNr}", e);
        }
    }

    /// <inheritdoc />
    public Task ReplayAllAsync(long fromOrdering, long max, Action<OrderedEvent> onReplayed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onReplayed);
        return max <= 0 ? Task.CompletedTask : QueryEventsAsync(
            $"SELECT {EventReader.Columns} FROM {_database.Schema}.journal j WHERE j.ordering >= $1 ORDER BY j.ordering LIMIT $2",
            [Long(fromOrdering), Long(max)],
            null,
            (o, e) => onReplayed(new OrderedEvent(o, e)),
            $"Replaying the journal from ordering {fromOrdering}",
            cancellationToken);
    }

    /// <inheritdoc />
    public Task ReplayTaggedAsync(string tag, long fromOrdering, long max, Action<OrderedEvent> onReplayed, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        ArgumentNullException.ThrowIfNull(onReplayed);
        return max <= 0 ? Task.CompletedTask : QueryEventsAsync(
            $"""
            SELECT {EventReader.Columns} FROM {_database.Schema}.journal_tag t JOIN {_database.Schema}.journal j ON j.ordering = t.ordering
            WHERE t.tag = $1 AND t.ordering >= $2 ORDER BY t.ordering LIMIT $3
            """,
            [new NpgsqlParameter<string> { TypedValue = tag }, Long(fromOrdering), Long(max)],
            null,
            (o, e) => onReplayed(new OrderedEvent(o, e)),
            $"Replaying the events tagged '{tag}' from ordering {fromOrdering}",
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>True: writers of several processes (and the journal's own transactions in flight) share the identity
    /// sequence, and a transaction holds its ordering numbers from its INSERT until it commits or rolls back (numbers
    /// of a rolled-back transaction are never reused, so such a hole stays). Sluice's writers take an advisory lock so
    /// their orderings follow commit order, but a writer without it (an older version, a tool, a migration) or a
    /// reader whose snapshot falls between two commits may still see a higher ordering before a lower one.</remarks>
    public bool OrderingGapsMayFill => true;

    /// <inheritdoc />
    public async Task<OrderingScan> ScanOrderingsAsync(long fromOrdering, CancellationToken cancellationToken)
    {
        // One statement, one snapshot. The first hole is found on the primary key: the first stored ordering whose
        // successor is not stored (an index scan that stops at the first gap).
        var s = _database.Schema;
        try
        {
            var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = new NpgsqlCommand(
                    $"""
                    SELECT h.highest, CASE
                        WHEN $1 > h.highest OR NOT EXISTS (SELECT 1 FROM {s}.journal e WHERE e.ordering = $1) THEN $1
                        ELSE coalesce((
                            SELECT j.ordering + 1 FROM {s}.journal j
                            WHERE j.ordering >= $1 AND j.ordering < h.highest
                                AND NOT EXISTS (SELECT 1 FROM {s}.journal k WHERE k.ordering = j.ordering + 1)
                            ORDER BY j.ordering LIMIT 1), h.highest + 1)
                        END
                    FROM (SELECT coalesce(max(ordering), 0) AS highest FROM {s}.journal) h
                    """,
                    connection);
                command.Parameters.Add(Long(Math.Max(fromOrdering, 1)));
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    return new OrderingScan(reader.GetInt64(0), reader.GetInt64(1));
                }
            }
        }
        catch (NpgsqlException e)
        {
            throw _database.Failure($"Scanning the journal's orderings from {fromOrdering}", e);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private NpgsqlBatchCommand InsertCommand(List<JournalRow> rows, int start, int count)
    {
        var pids = new string[count];
        var seqs = new long[count];
        var timestamps = new long[count];
        var writers = new string[count];
        var serializers = new int[count];
        var manifests = new string[count];
        var payloads = new byte[count][];
        var tagsJson = new string?[count];
        var tagPids = new List<string>();
        var tagSeqs = new List<long>();
        var tags = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var row = rows[start + i];
            pids[i] = row.PersistenceId;
            seqs[i] = row.SequenceNr;
            timestamps[i] = row.TimestampTicks;
            writers[i] = row.WriterGuid;
            serializers[i] = row.Payload.SerializerId;
            manifests[i] = row.Payload.Manifest;
            payloads[i] = row.Payload.Bytes;
            tagsJson[i] = EventReader.TagsToJson(row.Tags);
            foreach (var tag in row.Tags)
            {
                tagPids.Add(row.PersistenceId);
                tagSeqs.Add(row.SequenceNr);
                tags.Add(tag);
            }
        }

        // Without tags the statement is the plain multi-row INSERT: no RETURNING set to build and join.
        var s = _database.Schema;
        var command = new NpgsqlBatchCommand(tags.Count == 0
            ? $"""
            INSERT INTO {s}.journal (persistence_id, sequence_nr, timestamp_ticks, writer_guid, serializer_id, manifest, payload, tags)
            SELECT r.pid, r.seq, r.ts, r.writer, r.serializer, r.manifest, r.payload, r.tags
            FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::integer[], $6::text[], $7::bytea[], $8::text[])
                WITH ORDINALITY AS r(pid, seq, ts, writer, serializer, manifest, payload, tags, n)
            ORDER BY r.n
            """
            : $"""
            WITH inserted AS (
                INSERT INTO {s}.journal (persistence_id, sequence_nr, timestamp_ticks, writer_guid, serializer_id, manifest, payload, tags)
                SELECT r.pid, r.seq, r.ts, r.writer, r.serializer, r.manifest, r.payload, r.tags
                FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::integer[], $6::text[], $7::bytea[], $8::text[])
                    WITH ORDINALITY AS r(pid, seq, ts, writer, serializer, manifest, payload, tags, n)
                ORDER BY r.n
                RETURNING ordering, persistence_id, sequence_nr)
            INSERT INTO {s}.journal_tag (tag, ordering)
            SELECT t.tag, i.ordering
            FROM unnest($9::text[], $10::bigint[], $11::text[]) AS t(pid, seq, tag)
            JOIN inserted i ON i.persistence_id = t.pid AND i.sequence_nr = t.seq
            """);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<string[]> { TypedValue = pids });
        p.Add(new NpgsqlParameter<long[]> { TypedValue = seqs });
        p.Add(new NpgsqlParameter<long[]> { TypedValue = timestamps });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = writers });
        p.Add(new NpgsqlParameter<int[]> { TypedValue = serializers });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = manifests });
        p.Add(new NpgsqlParameter<byte[][]> { TypedValue = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = tagsJson });
        if (tags.Count == 0)
        {
            return command;
        }

        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. tagPids] });
        p.Add(new NpgsqlParameter<long[]> { TypedValue = [.. tagSeqs] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. tags] });
        return command;
    }

    // The server's message may hide the key (error details are off by default): ask which event already exists.
    private async Task<(string PersistenceId, long SequenceNr)> FindCollisionAsync(
        NpgsqlConnection connection, List<JournalRow> rows, CancellationToken cancellationToken)
    {
        var pids = new string[rows.Count];
        var seqs = new long[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            pids[i] = rows[i].PersistenceId;
            seqs[i] = rows[i].SequenceNr;
        }

        using var command = new NpgsqlCommand(
            $"""
            SELECT r.pid, r.seq FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS r(pid, seq, n)
            WHERE EXISTS (SELECT 1 FROM {_database.Schema}.journal j WHERE j.persistence_id = r.pid AND j.sequence_nr = r.seq)
            ORDER BY r.n LIMIT 1
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = pids });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = seqs });
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return (reader.GetString(0), reader.GetInt64(1));
            }
        }

        // Not stored before: the same event appears twice in this call.
        var seen = new HashSet<(string, long)>();
        foreach (var row in rows)
        {
            if (!seen.Add((row.PersistenceId, row.SequenceNr)))
            {
                return (row.PersistenceId, row.SequenceNr);
            }
        }

        return (rows[0].PersistenceId, rows[0].SequenceNr);
    }

    private async Task QueryEventsAsync(
        string sql, NpgsqlParameter[] parameters, string? persistenceId, Action<long, PersistentRepresentation> onEvent, string what,
        CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = new NpgsqlCommand(sql, connection);
                command.Parameters.AddRange(parameters);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await EventReader.ReadAllAsync(reader, _registry, persistenceId, onEvent, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (NpgsqlException e)
        {
            throw _database.Failure(what, e);
        }
    }

    private static NpgsqlParameter<long> Long(long value) => new() { TypedValue = value };
}
