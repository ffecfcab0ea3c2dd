using Sluice.TestKit.Postgres;

namespace Sluice.Host.Tests.Postgres;

[CollectionDefinition(PostgresServer.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>;
