using Microsoft.Data.Sqlite;
using Sluice.Persistence.Journal;
using Sluice.Persistence.Serialization;

namespace Sluice.Persistence.Sqlite;

/// <summary>
/// The embedded journal: one SQLite file under the data directory, in WAL mode with <c>synchronous=FULL</c>.
/// Each <see cref="WriteMessagesAsync"/> call is one transaction (one fsync); each atomic write in it is a savepoint.
/// </summary>
/// <remarks>
/// Tables: <c>journal</c> (global <c>ordering</c> AUTOINCREMENT key; UNIQUE (persistence_id, sequence_nr), so a
/// second writer of an actor fails instead of overwriting), <c>journal_tag</c> (tag index), <c>journal_metadata</c>
/// (highest sequence number of actors whose events were deleted), <c>snapshot</c>, <c>schema_version</c>.
/// SQLite has one writer at a time, so orderings are assigned in commit order.
/// </remarks>
public sealed class SqliteJournal : IJournalStore
{
    private const int SqliteConstraint = 19;
    private const int SqliteTooBig = 18;

    private readonly SqliteDatabase _database;
    private readonly SerializerRegistry _registry;

    /// <summary>Creates the journal; the file and schema are created on first use.</summary>
    /// <param name="settings">Where the file is.</param>
    /// <param name="registry">Serializers; null uses a new default registry.</param>
    public SqliteJournal(SqliteStoreSettings settings, SerializerRegistry? registry = null)
    {
        _database = new SqliteDatabase(settings);
        _registry = registry ?? new SerializerRegistry();
    }

    internal SqliteDatabase Database => _database;

    /// <inheritdoc />
    public async Task<IReadOnlyList<Exception?>> WriteMessagesAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken)
    {
        var prepared = PreparedWrites.Prepare(_registry, writes);
        if (prepared.RowCount == 0)
        {
            return prepared.Results;
        }

        await _database.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                using var insert = InsertCommand(connection, transaction);
                using var insertTag = connection.CreateCommand();
                insertTag.Transaction = transaction;
                insertTag.CommandText = "INSERT INTO journal_tag (tag, ordering) VALUES ($tag, $ordering);";
                var tag = insertTag.Parameters.Add("$tag", SqliteType.Text);
                var ordering = insertTag.Parameters.Add("$ordering", SqliteType.Integer);

                for (var w = 0; w < prepared.Rows.Length; w++)
                {
                    if (prepared.Rows[w] is { } rows)
                    {
                        prepared.Results[w] = WriteAtomically(connection, transaction, insert, insertTag, tag, ordering, rows);
                    }
                }

                transaction.Commit();
            }
        }
        catch (SqliteException e)
        {
            throw new PersistenceException(
                $"Writing {writes.Count} atomic writes to the SQLite journal '{_database.Settings.FilePath}' failed: {e.Message}. Nothing was stored.",
                e);
        }
        finally
        {
            _database.WriteLock.Release();
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
            $"SELECT {EventReader.Columns} FROM journal j WHERE j.persistence_id = $pid AND j.sequence_nr BETWEEN $from AND $to ORDER BY j.sequence_nr LIMIT $max;",
            p =>
            {
                p.AddWithValue("$pid", persistenceId);
                p.AddWithValue("$from", fromSequenceNr);
                p.AddWithValue("$to", toSequenceNr);
                p.AddWithValue("$max", max);
            },
            persistenceId,
            (_, e) => onReplayed(e),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT max(
                    coalesce((SELECT max(sequence_nr) FROM journal WHERE persistence_id = $pid), 0),
                    coalesce((SELECT highest_sequence_nr FROM journal_metadata WHERE persistence_id = $pid), 0));
                """;
            command.Parameters.AddWithValue("$pid", persistenceId);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    /// <inheritdoc />
    public async Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        await _database.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                using var command = connection.CreateCommand();
                command.Transaction = transaction;

                // Remember the highest sequence number first: it must survive the delete of its row.
                command.CommandText = """
                    INSERT INTO journal_metadata (persistence_id, highest_sequence_nr)
                        SELECT persistence_id, max(sequence_nr) FROM journal WHERE persistence_id = $pid GROUP BY persistence_id
                        ON CONFLICT (persistence_id) DO UPDATE SET highest_sequence_nr = max(highest_sequence_nr, excluded.highest_sequence_nr);
                    DELETE FROM journal_tag WHERE ordering IN
                        (SELECT ordering FROM journal WHERE persistence_id = $pid AND sequence_nr <= $to AND tags IS NOT NULL);
                    DELETE FROM journal WHERE persistence_id = $pid AND sequence_nr <= $to;
                    """;
                command.Parameters.AddWithValue("$pid", persistenceId);
                command.Parameters.AddWithValue("$to", toSequenceNr);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                transaction.Commit();
            }
        }
        catch (SqliteException e)
        {
            throw new PersistenceException(
                $"Deleting the events of '{persistenceId}' up to sequence number {toSequenceNr} from '{_database.Settings.FilePath}' failed: {e.Message}",
                e);
        }
        finally
        {
            _database.WriteLock.Release();
        }
    }

    /// <inheritdoc />
    public Task ReplayAllAsync(long fromOrdering, long max, Action<OrderedEvent> onReplayed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onReplayed);
        return max <= 0 ? Task.CompletedTask : QueryEventsAsync(
            $"SELECT {EventReader.Columns} FROM journal j WHERE j.ordering >= $from ORDER BY j.ordering LIMIT $max;",
            p =>
            {
                p.AddWithValue("$from", fromOrdering);
                p.AddWithValue("$max", max);
            },
            null,
            (o, e) => onReplayed(new OrderedEvent(o, e)),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task ReplayTaggedAsync(string tag, long fromOrdering, long max, Action<OrderedEvent> onReplayed, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        ArgumentNullException.ThrowIfNull(onReplayed);
        return max <= 0 ? Task.CompletedTask : QueryEventsAsync(
            $"""
            SELECT {EventReader.Columns} FROM journal_tag t JOIN journal j ON j.ordering = t.ordering
            WHERE t.tag = $tag AND t.ordering >= $from ORDER BY t.ordering LIMIT $max;
            """,
            p =>
            {
                p.AddWithValue("$tag", tag);
                p.AddWithValue("$from", fromOrdering);
                p.AddWithValue("$max", max);
            },
            null,
            (o, e) => onReplayed(new OrderedEvent(o, e)),
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>False: SQLite has one writer at a time (the database's write lock, across processes), and an ordering
    /// (AUTOINCREMENT rowid) is taken inside the write transaction, so orderings become visible in the order they were
    /// taken; a hole (a rolled-back write, deleted events) is never filled later.</remarks>
    public bool OrderingGapsMayFill => false;

    /// <inheritdoc />
    public async Task<OrderingScan> ScanOrderingsAsync(long fromOrdering, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT h.highest, CASE
                    WHEN $from > h.highest OR NOT EXISTS (SELECT 1 FROM journal e WHERE e.ordering = $from) THEN $from
                    ELSE coalesce((
                        SELECT j.ordering + 1 FROM journal j
                        WHERE j.ordering >= $from AND j.ordering < h.highest
                            AND NOT EXISTS (SELECT 1 FROM journal k WHERE k.ordering = j.ordering + 1)
                        ORDER BY j.ordering LIMIT 1), h.highest + 1)
                    END
                FROM (SELECT coalesce(max(ordering), 0) AS highest FROM journal) h;
                """;
            command.Parameters.AddWithValue("$from", Math.Max(fromOrdering, 1));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return new OrderingScan(reader.GetInt64(0), reader.GetInt64(1));
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _database.Dispose();
        return ValueTask.CompletedTask;
    }

    private static SqliteCommand InsertCommand(SqliteConnection connection, SqliteTransaction transaction)
    {
        var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO journal (persistence_id, sequence_nr, timestamp_ticks, writer_guid, serializer_id, manifest, payload, tags)
            VALUES ($pid, $seq, $ts, $writer, $serializer, $manifest, $payload, $tags);
            """;
        insert.Parameters.Add("$pid", SqliteType.Text);
        insert.Parameters.Add("$seq", SqliteType.Integer);
        insert.Parameters.Add("$ts", SqliteType.Integer);
        insert.Parameters.Add("$writer", SqliteType.Text);
        insert.Parameters.Add("$serializer", SqliteType.Integer);
        insert.Parameters.Add("$manifest", SqliteType.Text);
        insert.Parameters.Add("$payload", SqliteType.Blob);
        insert.Parameters.Add("$tags", SqliteType.Text);
        return insert;
    }

    // One savepoint per atomic write of several statements: a write SQLite refuses on its own (too big) is rolled
    // back alone and rejected; a duplicate sequence number or any other error fails the whole call. A write of one
    // untagged event is one INSERT, which SQLite already undoes alone when it fails (statement atomicity), so it
    // needs no savepoint: that saves two statements per event in the common case.
    private static PersistenceException? WriteAtomically(
        SqliteConnection connection, SqliteTransaction transaction, SqliteCommand insert, SqliteCommand insertTag,
        SqliteParameter tag, SqliteParameter ordering, JournalRow[] rows)
    {
        const string savepoint = "w";
        var single = rows.Length == 1 && rows[0].Tags.Length == 0;
        if (!single) transaction.Save(savepoint);
        JournalRow? current = null;
        try
        {
            foreach (var row in rows)
            {
                current = row;
                var p = insert.Parameters;
                p[0].Value = row.PersistenceId;
                p[1].Value = row.SequenceNr;
                p[2].Value = row.TimestampTicks;
                p[3].Value = row.WriterGuid;
                p[4].Value = row.Payload.SerializerId;
                p[5].Value = row.Payload.Manifest;
                p[6].Value = row.Payload.Bytes;
                p[7].Value = (object?)EventReader.TagsToJson(row.Tags) ?? DBNull.Value;
                insert.ExecuteNonQuery();
                if (row.Tags.Length > 0)
                {
                    ordering.Value = SQLitePCL.raw.sqlite3_last_insert_rowid(connection.Handle);
                    foreach (var t in row.Tags)
                    {
                        tag.Value = t;
                        insertTag.ExecuteNonQuery();
                    }
                }
            }

            if (!single) transaction.Release(savepoint);
            return null;
        }
        catch (SqliteException e) when (current is not null)
        {
            if (!single)
            {
                transaction.Rollback(savepoint);
                transaction.Release(savepoint);
            }

            if (e.SqliteErrorCode == SqliteConstraint)
            {
                throw PreparedWrites.Conflict(current.PersistenceId, current.SequenceNr, e);
            }

            if (e.SqliteErrorCode == SqliteTooBig)
            {
                return new PersistenceException(
                    $"The event of '{current.PersistenceId}' at sequence number {current.SequenceNr} is too big for SQLite " +
                    $"({current.Payload.Bytes.Length} bytes): {e.Message}",
                    e);
            }

            throw;
        }
    }

    private async Task QueryEventsAsync(
        string sql, Action<SqliteParameterCollection> bind, string? persistenceId, Action<long, PersistentRepresentation> onEvent,
        CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command.Parameters);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await EventReader.ReadAllAsync(reader, _registry, persistenceId, onEvent, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
