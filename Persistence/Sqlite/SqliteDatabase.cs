using Sluice.Persistence.Journal;
using Microsoft.Data.Sqlite;

namespace Sluice.Persistence.Sqlite;

/// <summary>
/// Opens connections to one SQLite file with the durability Sluice requires (WAL journal, synchronous=FULL: a
/// committed write survives a power cut) and creates the schema on first use. Writers in this process are
/// serialized by <see cref="WriteLock"/>; other processes wait up to the busy timeout.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    /// <summary>Version of the schema this code writes; recorded in <c>schema_version</c>.</summary>
    public const int SchemaVersion = 1;

    private static readonly Lazy<bool> s_initialized = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private const string CreateSchema = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER NOT NULL PRIMARY KEY,
            applied_at_ticks INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS journal (
            ordering INTEGER PRIMARY KEY AUTOINCREMENT,
            persistence_id TEXT NOT NULL,
            sequence_nr INTEGER NOT NULL,
            timestamp_ticks INTEGER NOT NULL,
            writer_guid TEXT NOT NULL,
            serializer_id INTEGER NOT NULL,
            manifest TEXT NOT NULL,
            payload BLOB NOT NULL,
            tags TEXT NULL,
            CONSTRAINT journal_persistence_id_sequence_nr UNIQUE (persistence_id, sequence_nr));
        CREATE TABLE IF NOT EXISTS journal_tag (
            tag TEXT NOT NULL,
            ordering INTEGER NOT NULL,
            PRIMARY KEY (tag, ordering)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS journal_metadata (
            persistence_id TEXT NOT NULL PRIMARY KEY,
            highest_sequence_nr INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS snapshot (
            persistence_id TEXT NOT NULL,
            sequence_nr INTEGER NOT NULL,
            timestamp_ticks INTEGER NOT NULL,
            serializer_id INTEGER NOT NULL,
            manifest TEXT NOT NULL,
            payload BLOB NOT NULL,
            PRIMARY KEY (persistence_id, sequence_nr)) WITHOUT ROWID;
        INSERT OR IGNORE INTO schema_version (version, applied_at_ticks) VALUES ($version, $now);
        """;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public SqliteDatabase(SqliteStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _ = s_initialized.Value;
        Settings = settings;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = settings.FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = settings.BusyTimeoutSeconds,
        }.ToString();
    }

    public SqliteStoreSettings Settings { get; }

    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    /// <summary>Opens a connection, creating the file and schema on first use, on a thread-pool thread.</summary>
    /// <remarks>Microsoft.Data.Sqlite's async methods block: without the hop, a store call ran on its caller's thread
    /// to the end. Recoveries started by the journal actor then replayed one after the other on that actor's thread
    /// (holding up its writes), and ten replays awaited together ran on one core. A journal batch, already on the thread
    /// pool (<see cref="StoreThread"/>), skips it.</remarks>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!StoreThread.InBatch)
        {
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }

        if (!_schemaReady)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes pooled connections so the file is released.</summary>
    public void Dispose()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _schemaLock.Dispose();
        WriteLock.Dispose();
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // synchronous is per connection (pooled connections keep it, setting it again is cheap).
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous = FULL;";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new PersistenceException(
                $"Cannot open the SQLite database '{Settings.FilePath}': {e.Message}. Check that the data directory " +
                "exists, is writable and is not on a network share.",
                e);
        }
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Settings.FilePath)!);
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // WAL is a property of the file: set once, kept by every later connection.
                using (var wal = connection.CreateCommand())
                {
                    wal.CommandText = "PRAGMA journal_mode = WAL;";
                    var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                    if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new PersistenceException(
                            $"The SQLite database '{Settings.FilePath}' cannot use write-ahead logging (journal_mode is '{mode}'); " +
                            "put the data directory on a local file system.");
                    }
                }

                using var transaction = connection.BeginTransaction(deferred: false);
                using (var create = connection.CreateCommand())
                {
                    create.Transaction = transaction;
                    create.CommandText = CreateSchema;
                    create.Parameters.AddWithValue("$version", SchemaVersion);
                    create.Parameters.AddWithValue("$now", DateTime.UtcNow.Ticks);
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using (var version = connection.CreateCommand())
                {
                    version.Transaction = transaction;
                    version.CommandText = "SELECT max(version) FROM schema_version;";
                    var found = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                    if (found > SchemaVersion)
                    {
                        throw new PersistenceException(
                            $"The SQLite database '{Settings.FilePath}' has schema version {found}, written by a newer Sluice; " +
                            $"this version reads schema version {SchemaVersion}. Upgrade Sluice.");
                    }
                }

                transaction.Commit();
            }

            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }
}
