using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Tests.IO;

namespace Sluice.Graphs.Tests.Queries;

/// <summary>The socket source's write-ahead log on a checkpoint directory (SQLite); <see cref="SocketWriteAheadLogScenario"/> holds the crash runs.</summary>
public sealed class SocketWriteAheadLogTests : SocketWriteAheadLogScenario
{
    protected override DataStreamWriter<string> WithCheckpoint(DataStreamWriter<string> writer, string name) => writer.CheckpointLocation(Dir.File(name + "-checkpoint"));

    internal override ICheckpointStore OpenStore(string name) => new SqliteCheckpointStore(Dir.File(name + "-checkpoint"), new CheckpointMetadata([], [], 8));

    [Fact]
    public async Task Restart_without_the_server_still_replays_the_logged_uncommitted_lines_then_fails_naming_the_connection()
    {
        var output = Dir.File("out");
        var faults = (FaultyCheckpointStore?)null;
        var query = await Writer("q").WrapCheckpointStore(s => faults = new FaultyCheckpointStore(s)).StartFilesAsync(output);
        var connection = await Server.AcceptAsync();
        await SendAndWaitAsync(connection, "a", 1);
        faults!.FailNextCommit = true;
        await CrashAsync(connection, "b", query);
        Server.Dispose();

        for (var restart = 0; restart < 2; restart++)
        {
            var failure = await Assert.ThrowsAsync<StreamingQueryException>(async () =>
            {
                var restarted = await Writer("q").StartFilesAsync(output);
                await restarted.AwaitTerminationAsync().WaitAsync(Wait);
            });
            Assert.Contains($"Socket source 127.0.0.1:{Server.Port} stopped receiving: Socket source could not connect", failure.Message, StringComparison.Ordinal);
            Assert.Equal(["A", "B"], await FileSinkManifest.ReadRowsAsync<string>(output));
        }
    }
}
