using Sluice.TestKit.Postgres;

namespace Sluice.Scenarios.Recovery;

[CollectionDefinition(PostgresServer.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>;
