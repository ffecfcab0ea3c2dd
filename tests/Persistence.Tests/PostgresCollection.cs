using Sluice.TestKit.Postgres;

namespace Sluice.Persistence.Tests;

/// <summary>One PostgreSQL server for every test class of the assembly that needs one; each class uses its own schema.</summary>
[CollectionDefinition(PostgresServer.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>;
