namespace Sluice.Graphs.Queries.Checkpoints;

/// <summary>A checkpoint kept in a PostgreSQL schema.</summary>
/// <param name="ConnectionString">The Npgsql connection string of the database.</param>
/// <param name="Schema">The schema holding the checkpoint's tables (and, for a stateful query, its state journal).</param>
/// <param name="CreateSchema">Create the schema and tables when missing; off: they must have been created by a DBA.</param>
internal sealed record PostgresCheckpointLocation(string ConnectionString, string Schema, bool CreateSchema)
{
    /// <summary>Host, port, database and schema, for messages (never the password).</summary>
    public override string ToString()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}, schema \"{Schema}\"";
    }
}
