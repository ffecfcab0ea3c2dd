namespace Sluice.Graphs.Queries.Sinks.Sql;

/// <summary>The database a SQL sink writes to.</summary>
public enum SqlProvider
{
    /// <summary>An embedded SQLite database file.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (Npgsql).</summary>
    Postgres,
}
