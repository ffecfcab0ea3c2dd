using Sluice.Graphs.Queries.Checkpoints;

namespace Sluice.Graphs.Queries;

/// <summary>
/// A durable checkpoint location, chosen per query: a directory (an embedded SQLite database, <c>checkpoint.db</c>) or a
/// PostgreSQL schema. Give it to <see cref="DataStreamWriter{T}.CheckpointLocation(CheckpointLocation)"/>.
/// </summary>
/// <example>
/// <code>
/// .CheckpointLocation(CheckpointLocation.Postgres("Host=db;Database=sluice;Username=sluice;Password=...", schema: "word_count"))
/// </code>
/// </example>
public sealed class CheckpointLocation
{
    private CheckpointLocation(string? directory, PostgresCheckpointLocation? postgres)
    {
        DirectoryPath = directory;
        PostgresLocation = postgres;
    }

    internal string? DirectoryPath { get; }

    internal PostgresCheckpointLocation? PostgresLocation { get; }

    /// <summary>A directory: the logs in <c>checkpoint.db</c> (SQLite) there, the state journal beside it (<c>persistence.db</c>).</summary>
    /// <param name="path">The directory (created if missing).</param>
    public static CheckpointLocation Directory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new(Path.GetFullPath(path), null);
    }

    /// <summary>
    /// A PostgreSQL schema: the query id, plan fingerprint, offset, commit and source logs in tables <c>checkpoint_*</c>
    /// of <paramref name="schema"/>; for a stateful query with <see cref="DataStreamWriter{T}.PersistentState"/>, the state
    /// journal in the same schema (the actor system configured with <c>sluice.persistence.plugin = postgres</c>,
    /// <c>postgres.schema</c> = <paramref name="schema"/>, the same database). While a query runs it holds an advisory
    /// lock of the schema: a second query started on it is refused.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Database=sluice;Username=sluice;Password=...</c>.</param>
    /// <param name="schema">The schema, one per query.</param>
    /// <param name="createSchema">Create the schema and tables when missing (default); false: they must exist (see <see cref="PostgresScript"/>).</param>
    public static CheckpointLocation Postgres(string connectionString, string schema, bool createSchema = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString); // a malformed string fails here, not when the query runs
        return new(null, new PostgresCheckpointLocation(connectionString, schema, createSchema));
    }

    /// <summary>The SQL that creates a PostgreSQL checkpoint's schema and tables, for a DBA to run when the application may not.</summary>
    /// <param name="schema">The schema.</param>
    public static string PostgresScript(string schema) => PostgresCheckpointStore.CreateScript(schema);

    /// <summary>The directory, or PostgreSQL host, port, database and schema (never a password).</summary>
    public override string ToString() => DirectoryPath ?? PostgresLocation!.ToString();
}
