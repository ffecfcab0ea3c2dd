using Sluice.Actors.Configuration;
using Sluice.Persistence.Postgres;
using Sluice.Persistence.Sqlite;

namespace Sluice.Persistence;

/// <summary>Which store a persistence plugin setting selects.</summary>
public enum PersistencePlugin
{
    /// <summary>An embedded SQLite file under the data directory (the default).</summary>
    Sqlite,

    /// <summary>PostgreSQL, shared by a cluster.</summary>
    Postgres,

    /// <summary>In memory; unit tests only.</summary>
    Memory,

    /// <summary>No store (only for <c>snapshot-store.plugin = none</c>).</summary>
    None,
}

/// <summary>The settings of <c>sluice.persistence</c>, read once and validated.</summary>
public sealed record PersistenceSettings
{
    /// <summary>The journal's store (<c>sluice.persistence.plugin</c>).</summary>
    public required PersistencePlugin Plugin { get; init; }

    /// <summary>The snapshot store (<c>sluice.persistence.snapshot-store.plugin</c>; <c>same</c> resolves to <see cref="Plugin"/>).</summary>
    public required PersistencePlugin SnapshotPlugin { get; init; }

    /// <summary>SQLite file location (<c>data-directory</c>, <c>sqlite.*</c>).</summary>
    public required SqliteStoreSettings Sqlite { get; init; }

    /// <summary>PostgreSQL connection (<c>postgres.*</c>).</summary>
    public required PostgresStoreSettings Postgres { get; init; }

    /// <summary>Most events in one write transaction (<c>journal.batch-size</c>).</summary>
    public required int BatchSize { get; init; }

    /// <summary>Write transactions in flight at once (<c>journal.max-in-flight-batches</c>).</summary>
    public required int MaxInFlightBatches { get; init; }

    /// <summary>Longest the journal waits for the writers it just answered to write again before it starts a batch
    /// smaller than <see cref="BatchSize"/> (<c>journal.batch-linger</c>); never longer than the last write took;
    /// <see cref="TimeSpan.Zero"/> never waits.</summary>
    public required TimeSpan BatchLinger { get; init; }

    /// <summary>Recoveries running at once (<c>journal.max-concurrent-recoveries</c>).</summary>
    public required int MaxConcurrentRecoveries { get; init; }

    /// <summary>Longest a journal call may take (<c>journal.call-timeout</c>).</summary>
    public required TimeSpan JournalCallTimeout { get; init; }

    /// <summary>Longest a snapshot call may take (<c>snapshot-store.call-timeout</c>).</summary>
    public required TimeSpan SnapshotCallTimeout { get; init; }

    /// <summary>How long a journal query (<c>DataStream.Journal</c>) waits at a missing ordering below the highest
    /// one before it takes the hole as permanent, a transaction that rolled back (<c>query.gap-timeout</c>);
    /// <see cref="TimeSpan.Zero"/> never waits (only for a store whose orderings commit in order).</summary>
    public required TimeSpan QueryGapTimeout { get; init; }

    /// <summary>Reads <c>sluice.persistence</c>; errors name the key, the value and the fix.</summary>
    /// <param name="config">The actor system's configuration (with the reference configuration as fallback).</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ConfigurationException">A value is out of range or unknown.</exception>
    public static PersistenceSettings From(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        const string Root = "sluice.persistence.";
        var plugin = ParsePlugin(config, Root + "plugin", allowSame: false, PersistencePlugin.Sqlite);
        var snapshotPlugin = ParsePlugin(config, Root + "snapshot-store.plugin", allowSame: true, plugin);
        var busy = config.GetDuration(Root + "sqlite.busy-timeout");
        var sqlite = new SqliteStoreSettings(
            config.GetString(Root + "data-directory"),
            config.GetString(Root + "sqlite.file-name"),
            (int)Math.Ceiling(busy.TotalSeconds));
        var postgres = new PostgresStoreSettings(
            config.GetString(Root + "postgres.connection-string"),
            config.GetString(Root + "postgres.schema"),
            config.GetBoolean(Root + "postgres.auto-create"),
            Positive(config, Root + "postgres.insert-batch-size"));
        if ((plugin == PersistencePlugin.Postgres || snapshotPlugin == PersistencePlugin.Postgres) && string.IsNullOrWhiteSpace(postgres.ConnectionString))
        {
            throw new ConfigurationException(
                $"{Root}plugin = postgres needs {Root}postgres.connection-string, but it is empty. " +
                "Set it to an Npgsql connection string, e.g. \"Host=db;Database=sluice;Username=sluice;Password=...\".");
        }

        return new PersistenceSettings
        {
            Plugin = plugin,
            SnapshotPlugin = snapshotPlugin,
            Sqlite = sqlite,
            Postgres = postgres,
            BatchSize = Positive(config, Root + "journal.batch-size"),
            MaxInFlightBatches = Positive(config, Root + "journal.max-in-flight-batches"),
            BatchLinger = NotNegative(config, Root + "journal.batch-linger"),
            MaxConcurrentRecoveries = Positive(config, Root + "journal.max-concurrent-recoveries"),
            JournalCallTimeout = config.GetDuration(Root + "journal.call-timeout"),
            SnapshotCallTimeout = config.GetDuration(Root + "snapshot-store.call-timeout"),
            QueryGapTimeout = NotNegative(config, Root + "query.gap-timeout"),
        };
    }

    private static PersistencePlugin ParsePlugin(Config config, string path, bool allowSame, PersistencePlugin same) =>
        config.GetString(path).Trim().ToLowerInvariant() switch
        {
            "sqlite" => PersistencePlugin.Sqlite,
            "postgres" or "postgresql" => PersistencePlugin.Postgres,
            "memory" => PersistencePlugin.Memory,
            "same" when allowSame => same,
            "none" when allowSame => PersistencePlugin.None,
            var other => throw new ConfigurationException(
                $"{path} = \"{other}\" is not a persistence plugin. Use sqlite, postgres or memory{(allowSame ? ", same or none" : "")}."),
        };

    private static TimeSpan NotNegative(Config config, string path)
    {
        var value = config.GetDuration(path);
        return value >= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan
            ? value
            : throw new ConfigurationException($"{path} = {config.GetString(path)} must be a duration of 0 or more, e.g. 2ms (0 turns it off).");
    }

    private static int Positive(Config config, string path)
    {
        var value = config.GetInt(path);
        return value > 0 ? value : throw new ConfigurationException($"{path} = {value} must be at least 1.");
    }
}
