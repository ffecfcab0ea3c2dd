using Sluice.Actors.Configuration;
using Sluice.Graphs.Queries.Sinks.Sql;

namespace Sluice.Host.Jobs;

/// <summary>
/// The optional <c>sink { kind = sql, ... }</c> section of a job entry: a sample job writes its rows to a SQLite or
/// PostgreSQL table (exactly once, see <see cref="SqlSinkOptions{T}"/>) instead of its default sink.
/// </summary>
/// <example>
/// <code>
/// sink {
///   kind = sql
///   provider = sqlite          # or postgres (the default when the job's checkpoint is on PostgreSQL)
///   table = word_counts
///   # connection: a SQLite file, or an Npgsql connection string. Omitted: the job's checkpoint database (its checkpoint.db,
///   # or with a PostgreSQL checkpoint its server and database), so that each epoch's rows commit in the same transaction
///   # as its commit-log entry. A postgres sink with a checkpoint elsewhere needs it.
///   # schema = public          # postgres only; default: the checkpoint's schema when the connection is the checkpoint's, else public
///   # key = [interval, word]   # default: the job's row key
///   # accumulate = [count]     # add these columns to the stored row on a key conflict (a running total)
///   # create-table = on
/// }
/// </code>
/// </example>
public static class JobSqlSink
{
    /// <summary>True when the job entry's <c>sink.kind</c> is <c>sql</c>; false when absent or the job's default kind.</summary>
    /// <param name="settings">The job entry's settings.</param>
    /// <param name="defaultKind">The kind of the job's default sink (accepted as the value of <c>sink.kind</c>).</param>
    /// <exception cref="ConfigurationException">Another kind is given.</exception>
    public static bool IsSql(Config settings, string defaultKind)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var kind = settings.GetString("sink.kind", defaultKind).Trim().ToLowerInvariant();
        return kind == "sql" || (kind == defaultKind
            ? false
            : throw new ConfigurationException($"sink.kind = \"{kind}\" is not a sink of this job: use {defaultKind} (the default) or sql."));
    }

    /// <summary>The SQL sink the job entry's <c>sink</c> section describes, mapping the properties of <typeparamref name="T"/> to columns.</summary>
    /// <typeparam name="T">The job's row type (a record: one column per property, in snake case).</typeparam>
    /// <param name="context">The job's context (its settings and checkpoint location).</param>
    /// <param name="defaultKey">The key columns when <c>sink.key</c> is not set.</param>
    /// <exception cref="ConfigurationException">A setting is missing or invalid; the message names it and the fix.</exception>
    public static SqlSinkOptions<T> Options<T>(StreamJobContext context, IReadOnlyList<string> defaultKey)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        if (!settings.HasPath("sink.table"))
        {
            throw new ConfigurationException($"Job '{context.Name}': sink.kind = sql needs sink.table, the table to write (e.g. table = word_counts).");
        }

        var table = settings.GetString("sink.table");
        var checkpoint = context.Checkpoint;
        var provider = settings.GetString("sink.provider", checkpoint.IsPostgres ? "postgres" : "sqlite").Trim().ToLowerInvariant();
        var options = provider switch
        {
            "sqlite" when settings.HasPath("sink.connection") => SqlSink.Sqlite<T>(settings.GetString("sink.connection"), table),
            "sqlite" when checkpoint.Directory is { } directory => SqlSink.Sqlite<T>(Path.Combine(directory, "checkpoint.db") /* the checkpoint directory's database */, table),
            "sqlite" => throw new ConfigurationException(
                $"Job '{context.Name}': sink.provider = sqlite needs sink.connection, a SQLite file, when the job's checkpoint is on PostgreSQL; " +
                "or write beside the checkpoint, in its transaction, with provider = postgres and no connection."),
            "postgres" or "postgresql" when settings.HasPath("sink.connection") =>
                SqlSink.Postgres<T>(settings.GetString("sink.connection"), table, settings.GetString("sink.schema", "public")),
            "postgres" or "postgresql" when checkpoint.IsPostgres => // the checkpoint's database: each epoch's rows commit with its commit-log entry
                SqlSink.Postgres<T>(checkpoint.ConnectionString!, table, settings.GetString("sink.schema", checkpoint.Schema!)),
            "postgres" or "postgresql" => throw new ConfigurationException(
                $"Job '{context.Name}': sink.provider = postgres needs sink.connection, an Npgsql connection string (\"Host=db;Database=sluice;Username=sluice;Password=...\")."),
            _ => throw new ConfigurationException($"Job '{context.Name}': sink.provider = \"{provider}\" is not a SQL database: use sqlite or postgres."),
        };

        return options.ColumnsFromProperties()
            .Key([.. settings.HasPath("sink.key") ? settings.GetStringList("sink.key") : defaultKey])
            .Accumulate([.. settings.HasPath("sink.accumulate") ? settings.GetStringList("sink.accumulate") : []])
            .CreateTableIfMissing(!settings.HasPath("sink.create-table") || settings.GetBoolean("sink.create-table"));
    }
}
