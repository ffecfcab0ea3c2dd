using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Graphs.Tests.Queries;
using Sluice.TestKit.Postgres;

namespace Sluice.Graphs.Tests.Sql;

/// <summary>The socket source's write-ahead log in a PostgreSQL checkpoint schema: the same crash runs as on a directory.</summary>
[Collection(PostgresServer.Collection)]
public sealed class PostgresSocketWriteAheadLogTests(PostgresServer server) : SocketWriteAheadLogScenario
{
    private readonly string _prefix = "wal_" + Guid.NewGuid().ToString("N")[..8] + "_";

    private CheckpointLocation Location(string name) => CheckpointLocation.Postgres(server.ConnectionString, _prefix + name);

    protected override DataStreamWriter<string> WithCheckpoint(DataStreamWriter<string> writer, string name) => writer.CheckpointLocation(Location(name));

    internal override ICheckpointStore OpenStore(string name) =>
        new PostgresCheckpointStore(new PostgresCheckpointLocation(server.ConnectionString, _prefix + name, CreateSchema: true), new CheckpointMetadata([], [], 8), stateInSchema: false);
}
