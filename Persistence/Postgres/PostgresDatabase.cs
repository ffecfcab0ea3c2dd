using Npgsql;

namespace Sluice.Persistence.Postgres;

/// <summary>
/// A pooled data source for one schema, which it checks (and creates, when allowed) on first use.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public PostgresDatabase(PostgresStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.BatchSize < 1)
        {
            throw new ArgumentException($"BatchSize must be at least 1, not {settings.BatchSize}.", nameof(settings));
        }

        Settings = settings;
        Schema = PostgresSchema.Quote(settings.Schema);
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        Where = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}, schema \"{settings.Schema}\"";
        _dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        JournalLockKey = StableKey("sluice.journal:" + settings.Schema);
    }

    public PostgresStoreSettings Settings { get; }

    /// <summary>The quoted schema name for SQL text.</summary>
    public string Schema { get; }

    /// <summary>Host, database and schema for error messages (never the password).</summary>
    public string Where { get; }

    /// <summary>Advisory lock writers of this schema's journal hold while they insert, so that orderings are
    /// assigned in commit order: a reader resuming after ordering N never misses an event committed later.</summary>
    public long JournalLockKey { get; }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    public PersistenceException Failure(string what, Exception cause) =>
        new($"{what} in {Where} failed: {cause.Message}", cause);

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _schemaLock.Dispose();
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

            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                if (!await VersionTableExistsAsync(connection, cancellationToken).ConfigureAwait(false))
                {
                    if (!Settings.AutoCreate)
                    {
                        throw new PersistenceException(
                            $"The Sluice tables are missing in {Where} (no table {Schema}.schema_version) and auto-create is off. " +
                            $"Ask a database administrator to run the script printed by `sluice checkpoint init --postgres \"<connection string>\" --schema {Settings.Schema} --print` (PostgresSchema.CreateScript in code), " +
                            "or set sluice.persistence.postgres.auto-create = on.");
                    }

                    await CreateAsync(connection, cancellationToken).ConfigureAwait(false);
                }

                using var version = new NpgsqlCommand($"SELECT max(version) FROM {Schema}.schema_version", connection);
                var found = await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as int? ?? 0;
                if (found > PostgresSchema.Version)
                {
                    throw new PersistenceException(
                        $"The Sluice tables in {Where} have schema version {found}, written by a newer Sluice; this version " +
                        $"reads schema version {PostgresSchema.Version}. Upgrade Sluice.");
                }
            }

            _schemaReady = true;
        }
        catch (NpgsqlException e)
        {
            throw Failure("Checking the Sluice tables", e);
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    private async Task<bool> VersionTableExistsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        using var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection);
        exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{Schema}.schema_version" });
        return (bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    // Two processes starting together both find no tables: the advisory lock makes one create them while the
    // other waits (CREATE ... IF NOT EXISTS alone races on the catalog).
    private async Task CreateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
            {
                lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = StableKey("sluice.schema:" + Settings.Schema) });
                await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using (var create = new NpgsqlCommand(PostgresSchema.CreateScript(Settings.Schema), connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // FNV-1a: stable across processes and machines (string.GetHashCode is randomized per process).
    private static long StableKey(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
