using System.Net;
using System.Net.Sockets;
using System.Text;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Graphs.Queries.Progress;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Tests.IO;

namespace Sluice.Graphs.Tests.Queries;

public sealed class SocketWriteAheadLogTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _dir = new();
    private readonly LineServer _server = new();
    private readonly RowCounter _rows = new();
    private readonly StreamingQueryManager _manager = new();

    public SocketWriteAheadLogTests() => _manager.AddListener(_rows);

    public void Dispose()
    {
        _server.Dispose();
        _dir.Dispose();
    }

    /// <summary>A new socket source each time, as a restarted process would build it.</summary>
    private DataStreamWriter<string> Writer(string name) =>
        DataStream.Socket("127.0.0.1", _server.Port).Select(l => l.ToUpperInvariant())
            .WriteStream().CheckpointLocation(_dir.File(name + "-checkpoint")).Manager(_manager);

    private async Task SendAndWaitAsync(Connection connection, string line, long totalRows)
    {
        await connection.SendAsync(line);
        await _rows.WaitForAsync(totalRows).WaitAsync(Wait);
    }

    private static async Task<StreamingQueryException> CrashAsync(Connection connection, string line, StreamingQuery query)
    {
        await connection.SendAsync(line);
        return await Assert.ThrowsAsync<StreamingQueryException>(() => query.AwaitTerminationAsync().WaitAsync(Wait));
    }

    [Fact]
    public async Task Socket_query_stopped_abruptly_and_restarted_writes_every_line_once_as_an_uninterrupted_run()
    {
        var output = _dir.File("crashed");
        var faults = (FaultyCheckpointStore?)null;
        DataStreamWriter<string> Faulty() => Writer("crashed").WrapCheckpointStore(s => faults = new FaultyCheckpointStore(s));

        // Run 1 dies after batch "c" was planned and its output staged, before its commit.
        var query = await Faulty().StartFilesAsync(output);
        var connection = await _server.AcceptAsync();
        await SendAndWaitAsync(connection, "a", 1);
        await SendAndWaitAsync(connection, "b", 2);
        faults!.FailNextCommit = true;
        Assert.Contains("simulated crash before the commit", (await CrashAsync(connection, "c", query)).Message, StringComparison.Ordinal);

        // Run 2 re-runs that batch from the log, then dies after "d" was logged but before a batch was planned with it.
        query = await Faulty().StartFilesAsync(output);
        await _rows.WaitForAsync(3).WaitAsync(Wait);
        connection = await _server.AcceptAsync();
        faults!.FailNextOffsets = true;
        Assert.Contains("simulated crash before the offsets", (await CrashAsync(connection, "d", query)).Message, StringComparison.Ordinal);

        // Run 3 takes "d" from the log into its first batch, then new lines continue after it.
        query = await Writer("crashed").StartFilesAsync(output);
        await _rows.WaitForAsync(4).WaitAsync(Wait);
        connection = await _server.AcceptAsync();
        await SendAndWaitAsync(connection, "e", 5);
        await query.StopAsync();

        var uninterrupted = _dir.File("uninterrupted");
        query = await Writer("uninterrupted").StartFilesAsync(uninterrupted);
        connection = await _server.AcceptAsync();
        var total = 5L;
        foreach (var line in new[] { "a", "b", "c", "d", "e" })
        {
            await SendAndWaitAsync(connection, line, ++total);
        }

        await query.StopAsync();
        Assert.Equal(["A", "B", "C", "D", "E"], await FileSinkManifest.ReadRowsAsync<string>(uninterrupted));
        Assert.Equal(await FileSinkManifest.ReadRowsAsync<string>(uninterrupted), await FileSinkManifest.ReadRowsAsync<string>(output));

        // Bounded: the log keeps only its last entry once everything is committed.
        using var checkpoint = new SqliteCheckpointStore(_dir.File("crashed-checkpoint"), new CheckpointMetadata([], [], 8));
        Assert.Equal(["""{"first":4,"lines":["e"]}"""], await checkpoint.ReadSourceLogAsync(0, CancellationToken.None));
    }

    [Fact]
    public async Task Restart_without_the_server_still_replays_the_logged_uncommitted_lines_then_fails_naming_the_connection()
    {
        var output = _dir.File("out");
        var faults = (FaultyCheckpointStore?)null;
        var query = await Writer("q").WrapCheckpointStore(s => faults = new FaultyCheckpointStore(s)).StartFilesAsync(output);
        var connection = await _server.AcceptAsync();
        await SendAndWaitAsync(connection, "a", 1);
        faults!.FailNextCommit = true;
        await CrashAsync(connection, "b", query);
        _server.Dispose();

        for (var restart = 0; restart < 2; restart++)
        {
            var failure = await Assert.ThrowsAsync<StreamingQueryException>(async () =>
            {
                var restarted = await Writer("q").StartFilesAsync(output);
                await restarted.AwaitTerminationAsync().WaitAsync(Wait);
            });
            Assert.Contains($"Socket source 127.0.0.1:{_server.Port} stopped receiving: Socket source could not connect", failure.Message, StringComparison.Ordinal);
            Assert.Equal(["A", "B"], await FileSinkManifest.ReadRowsAsync<string>(output));
        }
    }

    /// <summary>A TCP server the test writes lines to, one connection per query run.</summary>
    private sealed class LineServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _clients = [];

        public LineServer()
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        }

        public int Port { get; }

        public async Task<Connection> AcceptAsync()
        {
            var client = await _listener.AcceptTcpClientAsync().WaitAsync(Wait);
            _clients.Add(client);
            return new Connection(client.GetStream());
        }

        public void Dispose()
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }

            _listener.Dispose();
        }
    }

    private sealed class Connection(NetworkStream stream)
    {
        public async Task SendAsync(string line)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
            await stream.FlushAsync();
        }
    }

    /// <summary>Counts the input rows of every committed batch of the manager's queries; tests wait for a total.</summary>
    private sealed class RowCounter : StreamingQueryListener
    {
        private readonly Lock _gate = new();
        private readonly List<(long Rows, TaskCompletionSource Reached)> _waiters = [];
        private long _total;

        public Task WaitForAsync(long rows)
        {
            lock (_gate)
            {
                if (_total >= rows)
                {
                    return Task.CompletedTask;
                }

                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((rows, reached));
                return reached.Task;
            }
        }

        public override void OnQueryProgress(StreamingQuery query, StreamingQueryProgress progress)
        {
            lock (_gate)
            {
                _total += progress.NumInputRows;
                foreach (var waiter in _waiters.Where(w => w.Rows <= _total).ToList())
                {
                    waiter.Reached.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }
    }
}
