using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sluice.Graphs.Queries.Sinks.Sql;

namespace Sluice.Graphs.Queries.Checkpoints;

/*
 * A checkpoint directory's logs in one SQLite file, <directory>/checkpoint.db: WAL, synchronous=FULL, one transaction
 * per entry, so an entry is either fully there or absent after a crash. Entries are JSON (readable with the sqlite3
 * shell). Tables: schema_version, metadata (query id, plan fingerprint), offsets and commits keyed by batch id, and
 * source_log (per source, its entries in order: the files taken, the rate origin).
 *
 * Starting never repairs: a file that is not a database, a missing table, a missing metadata row or an entry that does
 * not parse fails the start with the file and the cause; so does a directory holding state (persistence.db) but no
 * checkpoint.db. Only a directory without either starts a new query; its checkpoint.db is built as checkpoint.db.creating
 * and renamed once complete, so a kill during the creation cannot leave a half-made one. Connections are not pooled, so
 * the file is released as soon as a call ends (a stopped query holds nothing open).
 */

/// <summary>The offset and commit logs, query id and plan fingerprint of a checkpoint directory, in SQLite.</summary>
internal sealed class SqliteCheckpointStore : IInspectableCheckpointStore, IDisposable
{
    /// <summary>The lock file a running query holds exclusively (released by the OS if the process dies).</summary>
    public const string LockFileName = "checkpoint.lock";

    /// <summary>The name of the checkpoint database inside the checkpoint directory.</summary>
    public const string FileName = "checkpoint.db";

    /// <summary>The default file of the state journal (<c>sluice.persistence.sqlite.file-name</c>) in a checkpoint directory.</summary>
    public const string StateFileName = "persistence.db";

    /// <summary>How many batches the offset and commit logs keep behind the last commit (Spark's minBatchesToRetain).</summary>
    public const int RetainedBatches = 100;

    /// <summary>The schema this code writes and reads.</summary>
    public const int SchemaVersion = 1;

    private static readonly Lazy<bool> Initialized = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private static readonly string[] Tables = ["schema_version", "metadata", "offsets", "commits", "source_log"];

    private const string CreateSchema = """
        CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY);
        CREATE TABLE metadata (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE offsets (batch_id INTEGER NOT NULL PRIMARY KEY, entry TEXT NOT NULL);
        CREATE TABLE commits (batch_id INTEGER NOT NULL PRIMARY KEY, entry TEXT NOT NULL);
        CREATE TABLE source_log (source INTEGER NOT NULL, seq INTEGER NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (source, seq));
        INSERT INTO schema_version (version) VALUES ($version);
        INSERT INTO metadata (key, value) VALUES ('query-id', $id), ('plan', $plan);
        """;

    private readonly CheckpointMetadata _metadata;
    private readonly string _stateFile;
    private readonly bool _stateFileExpected;
    private readonly bool _readOnly;
    private FileStream? _lock;

    /// <summary>The store of <paramref name="directory"/> for a query whose plan has <paramref name="metadata"/>.</summary>
    /// <param name="directory">The checkpoint directory.</param>
    /// <param name="metadata">The plan's fingerprint.</param>
    /// <param name="stateFile">The SQLite state journal kept in the directory, when the state is kept there: once a batch of a
    /// stateful query is committed, its absence means the state was lost.</param>
    public SqliteCheckpointStore(string directory, CheckpointMetadata metadata, string? stateFile = null)
    {
        _ = Initialized.Value;
        Directory = Path.GetFullPath(directory);
        FilePath = Path.Combine(Directory, FileName);
        _metadata = metadata;
        _stateFileExpected = stateFile is not null;
        _stateFile = Path.GetFullPath(stateFile ?? Path.Combine(Directory, StateFileName));
    }

    private SqliteCheckpointStore(string directory, string stateFileName)
        : this(directory, new CheckpointMetadata([], [], 0), Path.Combine(directory, stateFileName)) => _readOnly = true;

    /// <summary>The store of <paramref name="directory"/> opened read-only, for inspection beside a running query (never locks, creates or writes).</summary>
    /// <param name="directory">The checkpoint directory.</param>
    /// <param name="stateFileName">The state journal's file name in it (<c>sluice.persistence.sqlite.file-name</c>).</param>
    public static SqliteCheckpointStore ForInspection(string directory, string stateFileName = StateFileName) => new(directory, stateFileName);

    /// <summary>The checkpoint directory.</summary>
    public string Directory { get; }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>The checkpoint directory.</summary>
    public string Location => Directory;

    public async Task<CheckpointState> LoadAsync(CancellationToken cancellationToken)
    {
        Lock();
        if (!File.Exists(FilePath))
        {
            return await CreateAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var connection = await OpenAsync(SqliteOpenMode.ReadWrite, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var stored = await ReadStoredAsync(connection, cancellationToken).ConfigureAwait(false);
                var differences = _metadata.IncompatibilitiesWith(stored.Plan);
                if (differences.Count > 0)
                {
                    throw CheckpointErrors.DifferentQuery($"in '{Directory}'", differences);
                }

                var commit = stored.LastCommit;
                if (commit is not null && _stateFileExpected && _metadata.StatefulOperators.Count > 0 && !File.Exists(_stateFile))
                {
                    throw Damaged($"batch {commit.BatchId} is committed but the state journal '{_stateFile}' it was committed with is missing");
                }

                return new CheckpointState(stored.QueryId, stored.LastOffsets, commit);
            }
        }
        catch (SqliteException e)
        {
            throw Damaged(e.Message, e);
        }
    }

    public Task<OffsetLogEntry?> GetOffsetsAsync(long batchId, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT entry FROM offsets WHERE batch_id = $batch;";
                command.Parameters.AddWithValue("$batch", batchId);
                var entry = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return entry is null ? null : Parse<OffsetLogEntry>(entry as string, $"the entry of batch {batchId} in table 'offsets'");
            },
            cancellationToken);

    public async Task<StoredCheckpoint> ReadStoredAsync(CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new CheckpointException($"'{Directory}' does not exist: give the checkpoint location of a query (sluice jobs keep theirs in sluice-data/<job name>).", damaged: false);
        }

        if (!File.Exists(FilePath))
        {
            if (File.Exists(_stateFile))
            {
                throw Damaged($"the directory holds query state ('{_stateFile}') but no '{FileName}': the checkpoint was deleted or moved");
            }

            throw new CheckpointException(
                $"'{Directory}' is not a checkpoint: it has no '{FileName}'. Give the checkpoint location of a query (sluice jobs keep theirs in sluice-data/<job name>).",
                damaged: false);
        }

        return await ReadAsync(connection => ReadStoredAsync(connection, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyDictionary<int, long>> ReadSourceLogSizesAsync(CancellationToken cancellationToken) =>
        ReadAsync(connection => CheckpointErrors.ReadSourceLogSizesAsync(connection, "source_log", cancellationToken), cancellationToken);

    public async Task<StateJournalSizes?> ReadStateSizesAsync(string prefix, CancellationToken cancellationToken)
    {
        if (!File.Exists(_stateFile))
        {
            return null;
        }

        try
        {
            var connection = await OpenReadOnlyAsync(_stateFile, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return new StateJournalSizes(_stateFile, await StateJournalSizes.ReadAsync(connection, string.Empty, prefix, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (SqliteException e)
        {
            throw new CheckpointException(
                $"The state journal '{_stateFile}' is damaged: {e.Message.TrimEnd('.')}. Restore the checkpoint directory from a backup, or start the query on a new checkpoint location.",
                damaged: true,
                e);
        }
    }

    public Task WriteOffsetsAsync(OffsetLogEntry entry, CancellationToken cancellationToken) =>
        WriteAsync(
            $"batch {entry.BatchId} to table 'offsets'",
            command =>
            {
                command.CommandText = "INSERT OR REPLACE INTO offsets (batch_id, entry) VALUES ($batch, $entry);";
                command.Parameters.AddWithValue("$batch", entry.BatchId);
                command.Parameters.AddWithValue("$entry", JsonSerializer.Serialize(entry));
                return command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);

    public Task WriteCommitAsync(CommitLogEntry entry, CancellationToken cancellationToken) =>
        WriteAsync($"batch {entry.BatchId} to table 'commits'", command => WriteCommitEntryAsync(command, entry, cancellationToken), cancellationToken);

    /// <summary>The checkpoint file, which a SQL sink writing to the same file shares.</summary>
    public CheckpointDatabase Database => CheckpointDatabase.Sqlite(FilePath);

    public Task WriteCommitAsync(CommitLogEntry entry, ICommitParticipant participant, CancellationToken cancellationToken) =>
        WriteAsync(
            $"batch {entry.BatchId} to table 'commits'",
            async command =>
            {
                await participant.WriteInCommitAsync(entry.BatchId, command.Connection!, command.Transaction!, cancellationToken).ConfigureAwait(false);
                await WriteCommitEntryAsync(command, entry, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    private static Task<int> WriteCommitEntryAsync(SqliteCommand command, CommitLogEntry entry, CancellationToken cancellationToken)
    {
        // With the commit, entries older than the retained batches go (Spark's minBatchesToRetain): a restart only reads the last ones.
        command.CommandText = """
            INSERT OR REPLACE INTO commits (batch_id, entry) VALUES ($batch, $entry);
            DELETE FROM offsets WHERE batch_id < $batch - $retain;
            DELETE FROM commits WHERE batch_id < $batch - $retain;
            """;
        command.Parameters.AddWithValue("$batch", entry.BatchId);
        command.Parameters.AddWithValue("$entry", JsonSerializer.Serialize(entry));
        command.Parameters.AddWithValue("$retain", RetainedBatches);
        return command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyList<string>> ReadSourceLogAsync(int source, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(
            async connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT seq, entry FROM source_log WHERE source = $source ORDER BY seq;";
                command.Parameters.AddWithValue("$source", source);
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await CheckpointErrors.ReadSourceLogAsync(reader, source, "source_log", cause => Damaged(cause), cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public Task AppendSourceLogAsync(int source, IReadOnlyList<string> entries, CancellationToken cancellationToken) =>
        WriteAsync(
            $"the log of source {source}",
            async command =>
            {
                command.CommandText = "INSERT INTO source_log (source, seq, entry) VALUES ($source, (SELECT coalesce(max(seq) + 1, 0) FROM source_log WHERE source = $source), $entry);";
                command.Parameters.AddWithValue("$source", source);
                var entry = command.Parameters.Add("$entry", SqliteType.Text);
                foreach (var value in entries)
                {
                    entry.Value = value;
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            },
            cancellationToken);

    public Task PurgeSourceLogAsync(int source, int count, CancellationToken cancellationToken) =>
        WriteAsync(
            $"the log of source {source} (purging {count} entries)",
            command =>
            {
                command.CommandText = "DELETE FROM source_log WHERE source = $source AND seq < (SELECT min(seq) FROM source_log WHERE source = $source) + $count;";
                command.Parameters.AddWithValue("$source", source);
                command.Parameters.AddWithValue("$count", count);
                return command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);

    /// <summary>Runs a read on a connection of its own; a SQLite error means a damaged checkpoint.</summary>
    private async Task<TResult> ReadAsync<TResult>(Func<SqliteConnection, Task<TResult>> read, CancellationToken cancellationToken)
    {
        try
        {
            var connection = _readOnly
                ? await OpenReadOnlyAsync(FilePath, cancellationToken).ConfigureAwait(false)
                : await OpenAsync(SqliteOpenMode.ReadWrite, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await read(connection).ConfigureAwait(false);
            }
        }
        catch (SqliteException e)
        {
            throw Damaged(e.Message, e);
        }
    }

    /// <summary>Runs a write in one immediate transaction, committed (durably) before this returns.</summary>
    private async Task WriteAsync(string what, Func<SqliteCommand, Task> write, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await OpenAsync(SqliteOpenMode.ReadWrite, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                await write(command).ConfigureAwait(false);
                transaction.Commit();
            }
        }
        catch (SqliteException e)
        {
            throw new StreamingQueryException($"Cannot write {what} of the checkpoint '{FilePath}': {e.Message}. Check that the directory is writable and the disk not full.", e);
        }
    }

    /// <summary>Releases the directory's lock.</summary>
    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }

    /// <summary>Takes the directory's lock: two running queries on one checkpoint would interleave their logs.</summary>
    private void Lock()
    {
        if (_lock is not null)
        {
            return;
        }

        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, LockFileName);
        try
        {
            _lock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new StreamingQueryException(
                $"The checkpoint directory '{Directory}' is in use by another running query (in this process or another; '{path}' is locked): stop it first, or give this query its own checkpoint location.", e);
        }
    }

    private async Task<CheckpointState> CreateAsync(CancellationToken cancellationToken)
    {
        var state = _stateFile;
        if (File.Exists(state) && state.StartsWith(Directory, StringComparison.Ordinal))
        {
            throw new CheckpointException(
                $"The checkpoint directory '{Directory}' holds query state ('{state}') but no '{FileName}': the checkpoint was deleted or moved. " +
                "Restore it, or start the query on a new, empty checkpoint location; Sluice never restarts a damaged checkpoint from zero.");
        }

        // Built under another name and renamed once complete: a process killed while creating it leaves no checkpoint.db
        // without its schema (which the next start would have to refuse as damaged), only a leftover to replace.
        System.IO.Directory.CreateDirectory(Directory);
        var creating = FilePath + ".creating";
        foreach (var leftover in new[] { creating, creating + "-journal", creating + "-wal", creating + "-shm" })
        {
            File.Delete(leftover);
        }

        var queryId = Guid.NewGuid();
        var connection = await OpenAsync(SqliteOpenMode.ReadWriteCreate, cancellationToken, creating).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var mode = (string?)await ScalarAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new StreamingQueryException($"The checkpoint database '{FilePath}' cannot use write-ahead logging (journal_mode is '{mode}'): put the checkpoint on a local file system.");
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = CreateSchema;
            command.Parameters.AddWithValue("$version", SchemaVersion);
            command.Parameters.AddWithValue("$id", queryId.ToString("D"));
            command.Parameters.AddWithValue("$plan", JsonSerializer.Serialize(_metadata));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            transaction.Commit();
        }

        // The last connection's close moved the write-ahead log into the file and deleted it: the file is whole on its own.
        if (File.Exists(creating + "-wal"))
        {
            throw new StreamingQueryException($"The new checkpoint database '{creating}' kept its write-ahead log after it was closed: put the checkpoint on a local file system.");
        }

        File.Move(creating, FilePath);
        return new CheckpointState(queryId, null, null);
    }

    private async Task<SqliteConnection> OpenAsync(SqliteOpenMode mode, CancellationToken cancellationToken, string? file = null)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file ?? FilePath,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        return await DbConnections.OpenAsync(connection, "PRAGMA synchronous = FULL;", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// Reads and checks what a start needs: integrity, tables, schema version, query id, plan fingerprint, the last offset
    /// and commit entries. Shared by a start and <see cref="CheckpointInspector"/>.
    /// </summary>
    private async Task<StoredCheckpoint> ReadStoredAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var check = (string?)await ScalarAsync(connection, "PRAGMA quick_check;", cancellationToken).ConfigureAwait(false);
        if (!string.Equals(check, "ok", StringComparison.Ordinal))
        {
            throw Damaged($"SQLite's integrity check reports: {check}");
        }

        foreach (var table in Tables)
        {
            var found = await ScalarAsync(connection, $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}';", cancellationToken).ConfigureAwait(false);
            if (Convert.ToInt64(found, CultureInfo.InvariantCulture) == 0)
            {
                throw Damaged($"the table '{table}' is missing");
            }
        }

        var version = await ScalarAsync(connection, "SELECT max(version) FROM schema_version;", cancellationToken).ConfigureAwait(false);
        if (version is not long v || v != SchemaVersion)
        {
            throw Damaged($"its schema version is {version ?? "absent"}, and this Sluice reads version {SchemaVersion}");
        }

        var id = await ScalarAsync(connection, "SELECT value FROM metadata WHERE key = 'query-id';", cancellationToken).ConfigureAwait(false);
        if (id is not string text || !Guid.TryParse(text, out var queryId))
        {
            throw Damaged($"the query id in table 'metadata' is {(id is null ? "missing" : $"unreadable ('{id}')")}");
        }

        var plan = await ScalarAsync(connection, "SELECT value FROM metadata WHERE key = 'plan';", cancellationToken).ConfigureAwait(false);
        var recorded = Parse<CheckpointMetadata>(plan as string, "the plan fingerprint in table 'metadata'");
        var offsets = await LastAsync<OffsetLogEntry>(connection, "offsets", cancellationToken).ConfigureAwait(false);
        var commit = await LastAsync<CommitLogEntry>(connection, "commits", cancellationToken).ConfigureAwait(false);
        return new StoredCheckpoint(queryId, recorded, offsets, commit);
    }

    /// <summary>Opens <paramref name="file"/> read-only (never creating it), for inspection beside a running query.</summary>
    private static async Task<SqliteConnection> OpenReadOnlyAsync(string file, CancellationToken cancellationToken)
    {
        _ = Initialized.Value;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        return await DbConnections.OpenAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TEntry?> LastAsync<TEntry>(SqliteConnection connection, string table, CancellationToken cancellationToken)
        where TEntry : class
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT batch_id, entry FROM {table} ORDER BY batch_id DESC LIMIT 1;";
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var batchId = reader.GetInt64(0);
        var entry = reader.IsDBNull(1) ? null : reader.GetValue(1) as string;
        return Parse<TEntry>(entry, $"the entry of batch {batchId} in table '{table}'");
    }

    private TEntry Parse<TEntry>(string? json, string what)
        where TEntry : class => CheckpointErrors.Parse<TEntry>(json, what, Damaged);

    private CheckpointException Damaged(string cause, Exception? inner = null) => CheckpointErrors.Damaged($"database '{FilePath}'", cause, "directory", inner);
}

/// <summary>What a checkpoint database holds, read and checked.</summary>
internal sealed record StoredCheckpoint(Guid QueryId, CheckpointMetadata Plan, OffsetLogEntry? LastOffsets, CommitLogEntry? LastCommit);
