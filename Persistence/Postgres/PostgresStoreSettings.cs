namespace Sluice.Persistence.Postgres;

/// <summary>How the PostgreSQL journal and snapshot store reach their tables.</summary>
/// <param name="ConnectionString">Npgsql connection string (host, database, user, password; pooling is on by default).</param>
/// <param name="Schema">Schema holding the tables; several Sluice deployments can share a database with different schemas.</param>
/// <param name="AutoCreate">Create the schema and tables on first use when missing. Off: fail with a message telling
/// the user to have the script of <see cref="PostgresSchema.CreateScript"/> run (for databases where the application
/// may not run DDL).</param>
/// <param name="BatchSize">Most events one INSERT statement carries; a larger write call is split into several
/// statements that still travel in one round trip and commit in one transaction.</param>
public sealed record PostgresStoreSettings(string ConnectionString, string Schema = "sluice", bool AutoCreate = true, int BatchSize = 1000);
