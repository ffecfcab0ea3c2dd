using System.Globalization;
using System.Text;
using Npgsql;
using Sluice.Actors.Configuration;
using Sluice.Graphs.Queries;

namespace Sluice.Host.Jobs;

/*
 * Where a hosted job keeps its checkpoint and keyed state, read once from its entry's `checkpoint { ... }` over the
 * host-wide `sluice.host.checkpoint { ... }`:
 * - sqlite (the default): the folder <data-directory>/<job name>, with checkpoint.db and the state journal beside it.
 * - postgres: a schema of its own on a PostgreSQL server (`schema`, or `schema-prefix` followed by the job's name). The
 *   PostgreSQL checkpoint store keys everything on the schema (its checkpoint_* tables, its single-writer advisory
 *   lock) and wants the query's state journal in that same schema, so the job runs in an actor system of its own whose
 *   persistence is that schema: state and offsets are kept, backed up and deleted together, whatever other jobs do.
 */

/// <summary>Where a hosted job keeps its checkpoint and state: a folder of the data directory, or a PostgreSQL schema.</summary>
internal sealed class JobCheckpoint
{
    /// <summary>The host-wide defaults every job inherits.</summary>
    public const string HostPath = "sluice.host.checkpoint";

    private static readonly string[] JobKeys = ["kind", "connection", "schema", "schema-prefix", "create-schema"];
    private static readonly string[] HostKeys = ["kind", "connection", "schema-prefix", "create-schema"];

    private JobCheckpoint(string job, string? directory, string? connectionString, string? schema, string connectionPath, bool createSchema = true, string createSchemaPath = "")
    {
        Job = job;
        Directory = directory;
        ConnectionString = connectionString;
        Schema = schema;
        ConnectionPath = connectionPath;
        CreateSchema = createSchema;
        CreateSchemaPath = createSchemaPath;
    }

    /// <summary>The job's name.</summary>
    public string Job { get; }

    /// <summary>The checkpoint folder (SQLite), or null on PostgreSQL.</summary>
    public string? Directory { get; }

    /// <summary>The Npgsql connection string (PostgreSQL), or null.</summary>
    public string? ConnectionString { get; }

    /// <summary>The job's schema (PostgreSQL), or null.</summary>
    public string? Schema { get; }

    /// <summary>The setting the connection string came from, for messages.</summary>
    public string ConnectionPath { get; }

    /// <summary>
    /// PostgreSQL: the job may create its schema and tables when they are missing (<c>create-schema = on</c>, the default);
    /// off, they must have been created beforehand (<c>sluice checkpoint init</c>, or a database administrator).
    /// </summary>
    public bool CreateSchema { get; }

    /// <summary>The setting <see cref="CreateSchema"/> came from, for messages.</summary>
    public string CreateSchemaPath { get; }

    /// <summary>True when the checkpoint is on PostgreSQL.</summary>
    public bool IsPostgres => Schema is not null;

    /// <summary>The location the job gives its query.</summary>
    public CheckpointLocation Location =>
        Schema is { } schema ? CheckpointLocation.Postgres(ConnectionString!, schema, CreateSchema) : CheckpointLocation.Directory(Directory!);

    /// <summary>The default of a job whose context was built without one: the folder named after it in <paramref name="dataDirectory"/>.</summary>
    public static JobCheckpoint InDataDirectory(string job, string dataDirectory) =>
        new(job, Path.GetFullPath(Path.Combine(dataDirectory, job)), null, null, string.Empty);

    /// <summary>Reads the checkpoint of job <paramref name="job"/>, the entry at <paramref name="entryPath"/> (e.g. <c>sluice.jobs[0]</c>).</summary>
    /// <exception cref="ConfigurationException">A setting is missing or invalid; the message names the job, the setting, the cause and the fix.</exception>
    public static JobCheckpoint From(Config config, string entryPath, string job, Config entry, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(entry);
        CheckKeys(job, config, HostPath, HostKeys, "schema belongs in each job's checkpoint section (two jobs never share a schema): set schema-prefix here");
        CheckKeys(job, entry, "checkpoint", JobKeys, null, entryPath);

        var (kindValue, kindPath) = Setting(config, entryPath, entry, "kind");
        var kind = (kindValue ?? "sqlite").Trim().ToLowerInvariant();
        switch (kind)
        {
            case "sqlite":
                return InDataDirectory(job, dataDirectory);
            case "postgres" or "postgresql":
                break;
            default:
                throw new ConfigurationException(
                    $"Job '{job}': {kindPath} = \"{kindValue}\" ({Origin(config, entryPath, entry, kindPath)}) is not a checkpoint kind: " +
                    "use sqlite (a folder of sluice.host.data-directory, the default) or postgres (a schema on a PostgreSQL server).");
        }

        var (connection, connectionPath) = Setting(config, entryPath, entry, "connection");
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new ConfigurationException(
                $"Job '{job}': {kindPath} = postgres needs a connection string, and {entryPath}.checkpoint.connection and {HostPath}.connection are not set: " +
                $"set one of them to an Npgsql connection string such as \"Host=db;Database=sluice;Username=sluice;Password=...\".");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(
                $"Job '{job}': {connectionPath} ({Origin(config, entryPath, entry, connectionPath)}) is not an Npgsql connection string: {e.Message.TrimEnd('.')}. " +
                "Write it as \"Host=db;Port=5432;Database=sluice;Username=sluice;Password=...\".",
                e);
        }

        var (explicitSchema, schemaPath) = Setting(config, entryPath, entry, "schema", inherited: false);
        var (prefix, _) = Setting(config, entryPath, entry, "schema-prefix");
        var schema = string.IsNullOrWhiteSpace(explicitSchema) ? (prefix ?? string.Empty) + job : explicitSchema.Trim();
        if (Encoding.UTF8.GetByteCount(schema) > 63)
        {
            throw new ConfigurationException(
                $"Job '{job}': its checkpoint schema \"{schema}\" is longer than PostgreSQL's 63 bytes (a longer name is cut, and two jobs could meet in one schema): " +
                $"set {schemaPath} to a shorter name.");
        }

        var (create, createPath) = Setting(config, entryPath, entry, "create-schema");
        var createSchema = (create ?? "on").Trim().ToLowerInvariant() switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw new ConfigurationException(
                $"Job '{job}': {createPath} = \"{create}\" ({Origin(config, entryPath, entry, createPath)}) is not on or off: " +
                "use on (create the schema and tables when missing, the default) or off (they must exist: sluice checkpoint init creates them)."),
        };

        return new JobCheckpoint(job, null, connection, schema, connectionPath, createSchema, createPath);
    }

    /// <summary>Refuses two jobs whose checkpoints are one schema of one database: their logs and state would mix.</summary>
    /// <exception cref="ConfigurationException">Two jobs share a schema; the message names both and the fix.</exception>
    public static void CheckDistinct(IReadOnlyList<JobCheckpoint> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        var seen = new Dictionary<string, JobCheckpoint>(StringComparer.Ordinal);
        foreach (var checkpoint in checkpoints)
        {
            if (!checkpoint.IsPostgres)
            {
                continue;
            }

            var builder = new NpgsqlConnectionStringBuilder(checkpoint.ConnectionString);
            var key = $"{builder.Host?.ToUpperInvariant()}:{builder.Port}/{builder.Database}/{checkpoint.Schema}";
            if (seen.TryGetValue(key, out var other))
            {
                throw new ConfigurationException(
                    $"Jobs '{other.Job}' and '{checkpoint.Job}' both keep their checkpoint in schema \"{checkpoint.Schema}\" of {builder.Host}:{builder.Port}/{builder.Database}: " +
                    "two jobs never share a checkpoint. Give one of them another checkpoint.schema.");
            }

            seen[key] = checkpoint;
        }
    }

    /// <summary>Checks that the PostgreSQL server can be reached and accepts the login (nothing to check for SQLite).</summary>
    /// <exception cref="ConfigurationException">The server refuses the login or has no such database.</exception>
    /// <exception cref="CheckpointUnavailableException">The server cannot be reached.</exception>
    public Task CheckReachableAsync(CancellationToken cancellationToken) =>
        IsPostgres ? PostgresLogin.CheckAsync(ConnectionString!, $"Job '{Job}'", ConnectionPath, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Before the job starts: the server can be reached and accepts the login (<see cref="CheckReachableAsync"/>), and, with
    /// <c>create-schema = off</c>, the schema already holds the checkpoint and state journal tables the job would otherwise create.
    /// </summary>
    /// <param name="fix">The command that creates the tables for this job, for the message (e.g. <c>sluice checkpoint init --config job.conf --job wc</c>).</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <exception cref="ConfigurationException">The login is refused, or the tables are missing and may not be created; the message names the job, the schema and the fix.</exception>
    /// <exception cref="CheckpointUnavailableException">The server cannot be reached.</exception>
    public async Task CheckReadyAsync(string fix, CancellationToken cancellationToken)
    {
        await CheckReachableAsync(cancellationToken).ConfigureAwait(false);
        if (!IsPostgres || CreateSchema)
        {
            return;
        }

        var missing = new List<string>(2);
        var connection = new NpgsqlConnection(ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // The version table of each script: the checkpoint store's and the state journal's (PostgresSchema).
            foreach (var table in (string[])["checkpoint_version", "schema_version"])
            {
                using var exists = new NpgsqlCommand("SELECT to_regclass(quote_ident($1) || '.' || $2) IS NOT NULL", connection);
                exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Schema });
                exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
                if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                {
                    missing.Add(table);
                }
            }
        }

        if (missing.Count > 0)
        {
            throw new ConfigurationException(
                $"Job '{Job}': its checkpoint in {Location} has no {string.Join(" and no ", missing)} table, " +
                $"and {CreateSchemaPath} = off forbids creating the schema and its tables: create them with `{fix}` " +
                "(or have a database administrator run the SQL it prints with --print), or set create-schema = on.");
        }
    }

    /// <summary>
    /// The DDL of a PostgreSQL checkpoint schema: the checkpoint store's tables and the state journal's, as a job with
    /// <c>create-schema = on</c> creates them (idempotent; the scripts are the stores' own).
    /// </summary>
    public static string InitScript(string schema) =>
        CheckpointLocation.PostgresScript(schema) + Persistence.Postgres.PostgresSchema.CreateScript(schema);

    /// <summary>Runs <see cref="InitScript"/> in the job's schema, in one transaction.</summary>
    /// <exception cref="ConfigurationException">The login is refused, or the user may not create the schema.</exception>
    /// <exception cref="CheckpointUnavailableException">The server cannot be reached.</exception>
    public static async Task InitAsync(string connectionString, string schema, string subject, string settingPath, CancellationToken cancellationToken)
    {
        await PostgresLogin.CheckAsync(connectionString, subject, settingPath, cancellationToken).ConfigureAwait(false);
        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using var create = new NpgsqlCommand(InitScript(schema), connection, transaction);
                try
                {
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
                {
                    throw new ConfigurationException(
                        $"{subject}: the PostgreSQL user may not create schema \"{schema}\" or its tables: {e.SqlState}: {e.MessageText}. " +
                        "Have a database administrator run the script (sluice checkpoint init ... --print) or grant CREATE.",
                        e);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The configuration of the job's own actor system: <paramref name="config"/> with its persistence in the job's schema
    /// (<c>sluice.persistence.plugin = postgres</c> on the checkpoint's database), as the PostgreSQL checkpoint requires.
    /// </summary>
    public Config PersistenceConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Config.Parse(
            string.Create(CultureInfo.InvariantCulture, $"""
                sluice.persistence.plugin = postgres
                sluice.persistence.postgres.connection-string = {Quote(ConnectionString!)}
                sluice.persistence.postgres.schema = {Quote(Schema!)}
                {(CreateSchema ? string.Empty : "sluice.persistence.postgres.auto-create = off")}
                """),
            $"sluice host (the checkpoint schema of job '{Job}')").WithFallback(config).Resolve();
    }

    /// <summary>A name of letters, digits, '-' and '_' for the job's actor system.</summary>
    public string SystemName()
    {
        var name = new StringBuilder("sluice-", Job.Length + 7);
        foreach (var c in Job)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return name.ToString();
    }

    /// <summary>The job's own value of <paramref name="key"/>, else the host-wide one (when <paramref name="inherited"/>), and the path it came from.</summary>
    private static (string? Value, string Path) Setting(Config config, string entryPath, Config entry, string key, bool inherited = true)
    {
        var own = "checkpoint." + key;
        if (entry.HasPath(own))
        {
            return (entry.GetString(own), $"{entryPath}.{own}");
        }

        var host = $"{HostPath}.{key}";
        return inherited && config.HasPath(host) && config.GetString(host) is { Length: > 0 } value
            ? (value, host)
            : (null, $"{entryPath}.{own}");
    }

    private static string Origin(Config config, string entryPath, Config entry, string path) =>
        (path.StartsWith(entryPath + ".", StringComparison.Ordinal) ? entry.GetOrigin(path[(entryPath.Length + 1)..]) : config.GetOrigin(path))?.ToString() ?? "not set";

    private static void CheckKeys(string job, Config config, string section, string[] known, string? hint, string? entryPath = null)
    {
        if (!config.HasPath(section))
        {
            return;
        }

        foreach (var (path, _) in config.GetConfig(section).Entries())
        {
            if (!known.Contains(path, StringComparer.Ordinal))
            {
                var where = entryPath is null ? section : $"{entryPath}.{section}";
                throw new ConfigurationException(
                    (entryPath is null ? string.Empty : $"Job '{job}': ") + $"{where}.{path} ({config.GetOrigin(section + "." + path)}) is not a checkpoint setting: " +
                    (path == "schema" && hint is not null ? hint + "." : $"use {string.Join(", ", known)}."));
            }
        }
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
