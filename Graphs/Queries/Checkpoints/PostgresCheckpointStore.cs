using System.Text.Json;
using Npgsql;
using Sluice.Actors.Sharding;

namespace Sluice.Graphs.Queries.Checkpoints;

/*
 * A checkpoint in a PostgreSQL schema: the same logs, in the same shape, as SqliteCheckpointStore's checkpoint.db, in
 * tables prefixed checkpoint_ (the schema also holds the query's state journal, whose tables the Persistence project
 * names: journal, snapshot, schema_version...). One transaction per entry. Starting never repairs: a partial set of
 * tables, an unknown schema version, a missing metadata row or an entry that does not parse fails the start with the
 * location and the cause; so does a schema holding state journal events but no checkpoint tables. Only a schema
 * without either starts a new query.
 *
 * The single-writer lock is a session advisory lock on a connection of its own (not pooled: closing it ends the
 * session, and the server releases the lock when the process dies and its socket closes).
 */

/// <summary>The offset and commit logs, query id and plan fingerprint of a checkpoint kept in a PostgreSQL schema.</summary>
internal sealed class PostgresCheckpointStore : IInspectableCheckpointStore, IDisposable
{
    /// <summary>The schema this code writes and reads.</summary>
    public const int SchemaVersion = 1;

    private static readonly string[] Tables = ["checkpoint_version", "checkpoint_metadata", "checkpoint_offsets", "checkpoint_commits", "checkpoint_source_log"];

    private readonly PostgresCheckpointLocation _location;
    private readonly CheckpointMetadata _metadata;
    private readonly bool _stateInSchema;
    private readonly string _schema;
    private NpgsqlConnection? _lock;

    /// <summary>The store of <paramref name="location"/> for a query whose plan has <paramref name="metadata"/>.</summary>
    /// <param name="location">The database and schema.</param>
    /// <param name="metadata">The plan's fingerprint.</param>
    /// <param name="stateInSchema">The query's state journal is kept in the schema: once a batch of a stateful query is
    /// committed, a schema without its journal table means the state was lost.</param>
    public PostgresCheckpointStore(PostgresCheckpointLocation location, CheckpointMetadata metadata, bool stateInSchema)
    {
        _location = location;
        _metadata = metadata;
        _stateInSchema = stateInSchema;
        _schema = Quote(location.Schema);
    }

    /// <summary>The store of <paramref name="location"/> for reading only, for inspection beside a running query (never locks, creates or writes).</summary>
    public static PostgresCheckpointStore ForInspection(PostgresCheckpointLocation location) => new(location, new CheckpointMetadata([], [], 0), stateInSchema: true);

    /// <summary>The server, database and schema (never the password).</summary>
    public string Location => _location.ToString();

    /// <summary>The checkpoint's database, which a SQL sink writing there (as the same user) shares.</summary>
    public CheckpointDatabase Database => CheckpointDatabase.Postgres(_location.ConnectionString);

    /// <summary>The DDL of a checkpoint schema (idempotent).</summary>
    public static string CreateScript(string schema)
    {
        var s = Quote(schema);
        return $"""
            CREATE SCHEMA IF NOT EXISTS {s};
            CREATE TABLE IF NOT EXISTS {s}.checkpoint_version (version integer NOT NULL PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS {s}.checkpoint_metadata (key text NOT NULL PRIMARY KEY, value text NOT NULL);
            CREATE TABLE IF NOT EXISTS {s}.checkpoint_offsets (batch_id bigint NOT NULL PRIMARY KEY, entry text NOT NULL);
            CREATE TABLE IF NOT EXISTS {s}.checkpoint_commits (batch_id bigint NOT NULL PRIMARY KEY, entry text NOT NULL);
            CREATE TABLE IF NOT EXISTS {s}.checkpoint_source_log (source integer NOT NULL, seq bigint NOT NULL, entry text NOT NULL, PRIMARY KEY (source, seq));
            INSERT INTO {s}.checkpoint_version (version) VALUES ({SchemaVersion}) ON CONFLICT DO NOTHING;

            """;
    }

    /// <summary>Refuses state that would not be kept (and recovered) with a PostgreSQL checkpoint: it must go to the PostgreSQL journal of the same schema.</summary>
    public static void CheckStateDurability(PostgresCheckpointLocation location, bool statefulInMemory, Actors.ActorSystem? system, List<string> errors)
    {
        var fix = $"sluice.persistence.plugin = postgres, sluice.persistence.postgres.connection-string = (the checkpoint's database) and sluice.persistence.postgres.schema = \"{location.Schema}\"";
        if (system is null)
        {
            if (statefulInMemory)
            {
                errors.Add(
                    $"The checkpoint in {location} survives the process, but the state of the stateful operators would be kept in memory and lost: " +
                    $"call PersistentState(actorSystem) on the writer, with the actor system configured with {fix}.");
            }

            return;
        }

        var persistence = Persistence.PersistenceSettings.From(system.Config);
        if (persistence.Plugin != Persistence.PersistencePlugin.Postgres)
        {
            errors.Add(
                $"PersistentState: actor system {system.Name} keeps its journal in {persistence.Plugin} (sluice.persistence.plugin), not in the checkpoint's {location}; " +
                $"state and checkpoint must be kept (and backed up, moved, deleted) together: set {fix}.");
            return;
        }

        var journal = CheckpointDatabase.Postgres(persistence.Postgres.ConnectionString).Identity;
        var checkpoint = CheckpointDatabase.Postgres(location.ConnectionString).Identity;
        if (!string.Equals(Server(journal), Server(checkpoint), StringComparison.Ordinal) || !string.Equals(persistence.Postgres.Schema, location.Schema, StringComparison.Ordinal))
        {
            var where = new PostgresCheckpointLocation(persistence.Postgres.ConnectionString, persistence.Postgres.Schema, false);
            errors.Add(
                $"PersistentState: actor system {system.Name} keeps its PostgreSQL journal in {where}, not with the checkpoint in {location}; " +
                $"state and checkpoint must be kept (and backed up, moved, deleted) together: set {fix}.");
        }

        static string Server(string identity) => identity[..identity.IndexOf('?', StringComparison.Ordinal)];
    }

    public async Task<CheckpointState> LoadAsync(CancellationToken cancellationToken)
    {
        await LockAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var (stored, tablesExist) = await ReadExistingAsync(connection, cancellationToken).ConfigureAwait(false);
                if (stored is null)
                {
                    return await CreateAsync(connection, tablesExist, cancellationToken).ConfigureAwait(false);
                }

                var differences = _metadata.IncompatibilitiesWith(stored.Plan);
                if (differences.Count > 0)
                {
                    throw CheckpointErrors.DifferentQuery($"in {_location}", differences);
                }

                var commit = stored.LastCommit;
                if (commit is not null && _stateInSchema && _metadata.StatefulOperators.Count > 0 && !await ExistsAsync(connection, "journal", cancellationToken).ConfigureAwait(false))
                {
                    throw Damaged($"batch {commit.BatchId} is committed but the state journal (table 'journal') it was committed with is missing");
                }

                return new CheckpointState(stored.QueryId, stored.LastOffsets, commit);
            }
        }
        catch (NpgsqlException e)
        {
            throw Unusable("read", e);
        }
    }

    public Task<StoredCheckpoint> ReadStoredAsync(CancellationToken cancellationToken) =>
        ReadAsync(
            async connection =>
            {
                var (stored, _) = await ReadExistingAsync(connection, cancellationToken).ConfigureAwait(false);
                if (stored is not null)
                {
                    return stored;
                }

                if (await HoldsStateAsync(connection, cancellationToken).ConfigureAwait(false))
                {
                    throw StateWithoutCheckpoint();
                }

                throw new CheckpointException(
                    $"{_location} holds no checkpoint (no checkpoint_* tables, or empty ones): give the database and schema of a query's checkpoint " +
                    "(a sluice job's schema is its checkpoint.schema, or checkpoint.schema-prefix followed by the job's name).",
                    damaged: false);
            },
            cancellationToken);

    public Task<IReadOnlyDictionary<int, long>> ReadSourceLogSizesAsync(CancellationToken cancellationToken) =>
        ReadAsync(connection => CheckpointErrors.ReadSourceLogSizesAsync(connection, $"{_schema}.checkpoint_source_log", cancellationToken), cancellationToken);

    public Task<StateJournalSizes?> ReadStateSizesAsync(string prefix, CancellationToken cancellationToken) =>
        ReadAsync<StateJournalSizes?>(
            async connection => await ExistsAsync(connection, "journal", cancellationToken).ConfigureAwait(false) && await ExistsAsync(connection, "snapshot", cancellationToken).ConfigureAwait(false)
                ? new StateJournalSizes($"{_location}, tables journal and snapshot", await StateJournalSizes.ReadAsync(connection, _schema + ".", prefix, cancellationToken).ConfigureAwait(false))
                : null,
            cancellationToken);

    /// <summary>
    /// Reads and checks what a start needs: tables, schema version, query id, plan fingerprint, the last offset and commit
    /// entries. Null when the schema holds no checkpoint yet: no tables, or the tables of a DBA's script never used
    /// (<c>TablesExist</c>). Shared by a start and <see cref="CheckpointInspector"/>.
    /// </summary>
    private async Task<(StoredCheckpoint? Stored, bool TablesExist)> ReadExistingAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var table in Tables)
        {
            if (!await ExistsAsync(connection, table, cancellationToken).ConfigureAwait(false))
            {
                missing.Add(table);
            }
        }

        if (missing.Count == Tables.Length)
        {
            return (null, false);
        }

        if (missing.Count > 0)
        {
            throw Damaged($"the table '{missing[0]}' is missing");
        }

        // Tables created by a DBA (CheckpointLocation.PostgresScript) and never used: a new checkpoint, not a damaged one.
        if (await ScalarAsync(
                connection,
                $"SELECT NOT EXISTS (SELECT 1 FROM {_schema}.checkpoint_metadata) AND NOT EXISTS (SELECT 1 FROM {_schema}.checkpoint_offsets) AND NOT EXISTS (SELECT 1 FROM {_schema}.checkpoint_source_log);",
                cancellationToken).ConfigureAwait(false) is true)
        {
            return (null, true);
        }

        var version = await ScalarAsync(connection, $"SELECT max(version) FROM {_schema}.checkpoint_version;", cancellationToken).ConfigureAwait(false);
        if (version is not int v || v != SchemaVersion)
        {
            throw Damaged($"its schema version is {version ?? "absent"}, and this Sluice reads version {SchemaVersion}");
        }

        var id = await ScalarAsync(connection, $"SELECT value FROM {_schema}.checkpoint_metadata WHERE key = 'query-id';", cancellationToken).ConfigureAwait(false);
        if (id is not string text || !Guid.TryParse(text, out var queryId))
        {
            throw Damaged($"the query id in table 'checkpoint_metadata' is {(id is null ? "missing" : $"unreadable ('{id}')")}");
        }

        var plan = await ScalarAsync(connection, $"SELECT value FROM {_schema}.checkpoint_metadata WHERE key = 'plan';", cancellationToken).ConfigureAwait(false);
        var recorded = Parse<CheckpointMetadata>(plan as string, "the plan fingerprint in table 'checkpoint_metadata'");
        var offsets = await LastAsync<OffsetLogEntry>(connection, "checkpoint_offsets", cancellationToken).ConfigureAwait(false);
        var commit = await LastAsync<CommitLogEntry>(connection, "checkpoint_commits", cancellationToken).ConfigureAwait(false);
        return (new StoredCheckpoint(queryId, recorded, offsets, commit), true);
    }

    public Task<OffsetLogEntry?> GetOffsetsAsync(long batchId, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection =>
            {
                using var command = new NpgsqlCommand($"SELECT entry FROM {_schema}.checkpoint_offsets WHERE batch_id = @batch;", connection);
                command.Parameters.AddWithValue("batch", batchId);
                var entry = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return entry is null ? null : Parse<OffsetLogEntry>(entry as string, $"the entry of batch {batchId} in table 'checkpoint_offsets'");
            },
            cancellationToken);

    public Task WriteOffsetsAsync(OffsetLogEntry entry, CancellationToken cancellationToken) =>
        WriteAsync(
            $"batch {entry.BatchId} to table 'checkpoint_offsets'",
            async (connection, transaction) =>
            {
                using var command = new NpgsqlCommand(
                    $"INSERT INTO {_schema}.checkpoint_offsets (batch_id, entry) VALUES (@batch, @entry) ON CONFLICT (batch_id) DO UPDATE SET entry = excluded.entry;",
                    connection,
                    transaction);
                command.Parameters.AddWithValue("batch", entry.BatchId);
                command.Parameters.AddWithValue("entry", JsonSerializer.Serialize(entry));
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public Task WriteCommitAsync(CommitLogEntry entry, CancellationToken cancellationToken) =>
        WriteAsync($"batch {entry.BatchId} to table 'checkpoint_commits'", (connection, transaction) => WriteCommitEntryAsync(connection, transaction, entry, cancellationToken), cancellationToken);

    public Task WriteCommitAsync(CommitLogEntry entry, ICommitParticipant participant, CancellationToken cancellationToken) =>
        WriteAsync(
            $"batch {entry.BatchId} to table 'checkpoint_commits'",
            async (connection, transaction) =>
            {
                await participant.WriteInCommitAsync(entry.BatchId, connection, transaction, cancellationToken).ConfigureAwait(false);
                await WriteCommitEntryAsync(connection, transaction, entry, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    private async Task WriteCommitEntryAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CommitLogEntry entry, CancellationToken cancellationToken)
    {
        // With the commit, entries older than the retained batches go (Spark's minBatchesToRetain): a restart only reads the last ones.
        using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {_schema}.checkpoint_commits (batch_id, entry) VALUES (@batch, @entry) ON CONFLICT (batch_id) DO UPDATE SET entry = excluded.entry;
            DELETE FROM {_schema}.checkpoint_offsets WHERE batch_id < @batch - @retain;
            DELETE FROM {_schema}.checkpoint_commits WHERE batch_id < @batch - @retain;
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("batch", entry.BatchId);
        command.Parameters.AddWithValue("entry", JsonSerializer.Serialize(entry));
        command.Parameters.AddWithValue("retain", (long)SqliteCheckpointStore.RetainedBatches);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<string>> ReadSourceLogAsync(int source, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(
            async connection =>
            {
                using var command = SourceLogCommand($"SELECT seq, entry FROM {_schema}.checkpoint_source_log WHERE source = @source ORDER BY seq;", source, connection, null);
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await CheckpointErrors.ReadSourceLogAsync(reader, source, "checkpoint_source_log", cause => Damaged(cause), cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public Task AppendSourceLogAsync(int source, IReadOnlyList<string> entries, CancellationToken cancellationToken) =>
        WriteAsync(
            $"the log of source {source}",
            async (connection, transaction) =>
            {
                using var command = SourceLogCommand(
                    $"INSERT INTO {_schema}.checkpoint_source_log (source, seq, entry) VALUES (@source, (SELECT coalesce(max(seq) + 1, 0) FROM {_schema}.checkpoint_source_log WHERE source = @source), @entry);",
                    source,
                    connection,
                    transaction);
                var entry = new NpgsqlParameter<string>("entry", string.Empty);
                command.Parameters.Add(entry);
                foreach (var value in entries)
                {
                    entry.TypedValue = value;
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            },
            cancellationToken);

    public Task PurgeSourceLogAsync(int source, int count, CancellationToken cancellationToken) =>
        WriteAsync(
            $"the log of source {source} (purging {count} entries)",
            async (connection, transaction) =>
            {
                using var command = SourceLogCommand(
                    $"DELETE FROM {_schema}.checkpoint_source_log WHERE source = @source AND seq < (SELECT min(seq) FROM {_schema}.checkpoint_source_log WHERE source = @source) + @count;",
                    source,
                    connection,
                    transaction);
                command.Parameters.AddWithValue("count", (long)count);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>A command on the source log, its <c>@source</c> parameter set.</summary>
    private static NpgsqlCommand SourceLogCommand(string sql, int source, NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("source", source);
        return command;
    }

    /// <summary>Releases the schema's advisory lock, then ends the session that held it.</summary>
    public void Dispose()
    {
        if (_lock is { } connection)
        {
            _lock = null;
            try
            {
                // Unlock before closing: the server ends a closed session (and frees its locks) only some time after the
                // client moved on, so a restart right after a stop could still find the checkpoint locked.
                using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all();", connection);
                command.ExecuteNonQuery();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
            {
                // The session is broken: the server frees its locks when it notices.
            }

            connection.Dispose();
        }
    }

    /// <summary>Takes the schema's advisory lock: two running queries on one checkpoint would interleave their logs.</summary>
    private async Task LockAsync(CancellationToken cancellationToken)
    {
        if (_lock is not null)
        {
            return;
        }

        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_location.ConnectionString) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key);", connection);
            command.Parameters.AddWithValue("key", (long)StableHash.Compute("sluice.checkpoint:" + _location.Schema));
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                throw new StreamingQueryException(
                    $"The checkpoint in {_location} is in use by another running query (in this process or another; it holds the schema's advisory lock): " +
                    "stop it first, or give this query its own checkpoint schema.");
            }

            _lock = connection;
        }
        catch (NpgsqlException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Unusable("lock", e);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<CheckpointState> CreateAsync(NpgsqlConnection connection, bool tablesExist, CancellationToken cancellationToken)
    {
        if (await HoldsStateAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            throw StateWithoutCheckpoint();
        }

        if (!tablesExist && !_location.CreateSchema)
        {
            throw new StreamingQueryException(
                $"The checkpoint tables are missing in {_location} and creating them is not allowed (CheckpointLocation.Postgres(..., createSchema: false)): " +
                "have a database administrator run the script of CheckpointLocation.PostgresScript(schema), or allow creation.");
        }

        var queryId = Guid.NewGuid();
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(
                (tablesExist ? string.Empty : CreateScript(_location.Schema)) + $"INSERT INTO {_schema}.checkpoint_metadata (key, value) VALUES ('query-id', @id), ('plan', @plan);",
                connection,
                transaction);
            command.Parameters.AddWithValue("id", queryId.ToString("D"));
            command.Parameters.AddWithValue("plan", JsonSerializer.Serialize(_metadata));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return new CheckpointState(queryId, null, null);
    }

    private async Task<bool> HoldsStateAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await ExistsAsync(connection, "journal", cancellationToken).ConfigureAwait(false)
        && await ScalarAsync(connection, $"SELECT EXISTS (SELECT 1 FROM {_schema}.journal);", cancellationToken).ConfigureAwait(false) is true;

    private CheckpointException StateWithoutCheckpoint() =>
        new(
            $"The checkpoint schema in {_location} holds query state (events in table 'journal') but no checkpoint tables: the checkpoint was deleted or moved. " +
            "Restore it, or start the query on a new, empty schema; Sluice never restarts a damaged checkpoint from zero.");

    private async Task<TResult> ReadAsync<TResult>(Func<NpgsqlConnection, Task<TResult>> read, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await read(connection).ConfigureAwait(false);
            }
        }
        catch (NpgsqlException e)
        {
            throw Unusable("read", e);
        }
    }

    /// <summary>Runs a write in one transaction, committed before this returns.</summary>
    private async Task WriteAsync(string what, Func<NpgsqlConnection, NpgsqlTransaction, Task> write, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await write(connection, transaction).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (NpgsqlException e)
        {
            throw new StreamingQueryException(
                $"Cannot write {what} of the checkpoint in {_location}: {e.Message}. Check that the server is running and reachable and that the user may write to the schema.", e);
        }
    }

    private Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => Sinks.Sql.PostgresSqlDialect.OpenAsync(_location.ConnectionString, cancellationToken);

    private async Task<bool> ExistsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL;", connection);
        command.Parameters.AddWithValue("name", _schema + "." + Quote(table));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    private async Task<TEntry?> LastAsync<TEntry>(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
        where TEntry : class
    {
        using var command = new NpgsqlCommand($"SELECT batch_id, entry FROM {_schema}.{table} ORDER BY batch_id DESC LIMIT 1;", connection);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var batchId = reader.GetInt64(0);
        return Parse<TEntry>(reader.GetString(1), $"the entry of batch {batchId} in table '{table}'");
    }

    private TEntry Parse<TEntry>(string? json, string what)
        where TEntry : class => CheckpointErrors.Parse<TEntry>(json, what, Damaged);

    private CheckpointException Damaged(string cause, Exception? inner = null) => CheckpointErrors.Damaged($"in {_location}", cause, "schema", inner);

    private StreamingQueryException Unusable(string what, NpgsqlException e) =>
        new($"Cannot {what} the checkpoint in {_location}: {e.Message}. Check that the server is running and reachable, and that the user may use the schema.", e);

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
