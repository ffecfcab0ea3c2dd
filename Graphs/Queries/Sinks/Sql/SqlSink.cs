namespace Sluice.Graphs.Queries.Sinks.Sql;

/// <summary>Starts the options of a SQL sink (<see cref="SqlSinkOptions{T}"/>) for a SQLite file or a PostgreSQL database.</summary>
/// <example>
/// <code>
/// SqlSink.Postgres&lt;WordCount&gt;(connectionString, "word_counts").ColumnsFromProperties().Key("word").CreateTableIfMissing()
/// </code>
/// </example>
public static class SqlSink
{
    /// <summary>A table in a SQLite database file (created if missing).</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="file">The database file; to share the checkpoint's transaction, the <c>checkpoint.db</c> of the checkpoint directory.</param>
    /// <param name="table">The table.</param>
    public static SqlSinkOptions<T> Sqlite<T>(string file, string table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        return new SqlSinkOptions<T> { Provider = SqlProvider.Sqlite, Connection = Path.GetFullPath(file), Table = table };
    }

    /// <summary>A table in a PostgreSQL database.</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="connectionString">An Npgsql connection string; the checkpoint's (same database and user) to share its transaction.</param>
    /// <param name="table">The table.</param>
    /// <param name="schema">The table's schema.</param>
    public static SqlSinkOptions<T> Postgres<T>(string connectionString, string table, string schema = "public")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString); // a malformed string fails here
        return new SqlSinkOptions<T> { Provider = SqlProvider.Postgres, Connection = connectionString, Table = table, Schema = schema };
    }
}
