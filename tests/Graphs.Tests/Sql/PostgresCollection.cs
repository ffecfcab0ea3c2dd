using Sluice.TestKit.Postgres;

namespace Sluice.Graphs.Tests.Sql;

[CollectionDefinition(PostgresServer.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>;
