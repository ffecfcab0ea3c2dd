namespace Sluice.Graphs.Queries.Checkpoints;

/// <summary>
/// The database a checkpoint keeps its logs in, as far as another writer needs to know to share its transactions: the
/// provider and an identity that is equal for two connections to the same database as the same user (the full path of
/// a SQLite file; host, port, database and user of a PostgreSQL server). Never holds a password.
/// </summary>
/// <param name="Provider">SQLite or PostgreSQL.</param>
/// <param name="Identity">Equal for connections that reach the same database as the same user.</param>
internal sealed record CheckpointDatabase(Sinks.Sql.SqlProvider Provider, string Identity)
{
    /// <summary>The identity of a SQLite database file.</summary>
    public static CheckpointDatabase Sqlite(string file) => new(Sinks.Sql.SqlProvider.Sqlite, Path.GetFullPath(file));

    /// <summary>The identity of the PostgreSQL database an Npgsql connection string reaches.</summary>
    public static CheckpointDatabase Postgres(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var host = (builder.Host ?? "localhost").ToUpperInvariant();
        return new(Sinks.Sql.SqlProvider.Postgres, $"{host}:{builder.Port}/{builder.Database ?? builder.Username}?user={builder.Username}");
    }
}
