using System.Net;
using System.Net.Sockets;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;
using Sluice.TestKit.Queries;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests.Queries;

public sealed class QuerySourceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Socket_source_delivers_the_lines_a_server_writes()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var rows = new List<string>();
        var two = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var query = await DataStream.Socket("127.0.0.1", port).Select(l => l.ToUpperInvariant())
            .WriteStream().Manager(new StreamingQueryManager())
            .ForEachBatchAsync((batch, _) =>
            {
                rows.AddRange(batch);
                if (rows.Count >= 2)
                {
                    two.TrySetResult();
                }
            });
        using (var client = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(20)))
        {
            var stream = client.GetStream();
            await stream.WriteAsync("hello\nworld\n"u8.ToArray());
            await stream.FlushAsync();
            await two.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }

        await query.StopAsync();
        Assert.Equal(["HELLO", "WORLD"], rows);
    }

    [Fact]
    public Task Restart_with_another_trigger_continues_from_the_checkpoint()
    {
        var numbers = new MemorySource<int>();
        return new QueryTest<int>(DataStream.From(numbers), OutputMode.Append, output)
            .AddData(numbers, 1, 2)
            .CheckNewAnswer(1, 2)
            .StopQuery()
            .AddData(numbers, 3)
            .StartQuery(Trigger.Once)
            .CheckNewAnswer(3)
            .Assert(q => Assert.Equal(1, q.LastProgress!.BatchId), "batch 1 ran once")
            .CheckAnswer(1, 2, 3)
            .RunAsync();
    }

    [Fact]
    public async Task Memory_source_drops_rows_once_every_reading_query_committed_them()
    {
        var numbers = new MemorySource<int>();
        var manager = new StreamingQueryManager();
        var rows = new MemorySink<int>();
        var fast = await DataStream.From(numbers).WriteStream().Manager(manager).StartAsync(rows);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = await DataStream.From(numbers).WriteStream().Manager(manager).ForEachBatchAsync(async (batch, _, token) =>
        {
            holding.TrySetResult();
            await release.Task.WaitAsync(token);
        });
        numbers.AddData(1, 2);
        numbers.AddData(3);
        await fast.ProcessAllAvailableAsync().WaitAsync(Wait);
        await holding.Task.WaitAsync(Wait);
        Assert.Equal(3, numbers.RowsKept); // the slow query has not committed them: it still needs them

        release.SetResult();
        await slow.StopAsync();
        numbers.AddData(4);
        await fast.ProcessAllAvailableAsync().WaitAsync(Wait);
        Assert.Equal(0, numbers.RowsKept); // the only reader left committed offset 4
        numbers.AddData(5, 6);
        await fast.ProcessAllAvailableAsync().WaitAsync(Wait);
        Assert.Equal(0, numbers.RowsKept);
        await fast.StopAsync();
        Assert.Equal([1, 2, 3, 4, 5, 6], rows.Rows);
    }

    [Fact]
    public async Task A_new_query_reading_dropped_memory_rows_fails_naming_the_fix()
    {
        var numbers = new MemorySource<int>("numbers");
        var manager = new StreamingQueryManager();
        var query = await DataStream.From(numbers).WriteStream().Manager(manager).StartAsync(new MemorySink<int>());
        numbers.AddData(1, 2);
        await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        await query.StopAsync();

        var e = await Assert.ThrowsAsync<StreamingQueryException>(async () =>
        {
            // The first batch fails: inside StartAsync when it runs that soon, else the query terminates with it.
            var again = await DataStream.From(numbers).WriteStream().Manager(manager).StartAsync(new MemorySink<int>());
            await again.AwaitTerminationAsync().WaitAsync(Wait);
        });
        Assert.Contains("Memory source 'numbers': rows [0, 2) were dropped after every query reading the source had committed them.", e.Message, StringComparison.Ordinal);
        Assert.Contains("create it with keepCommittedRows: true", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_memory_source_keeping_committed_rows_serves_a_new_query_from_the_start()
    {
        var numbers = new MemorySource<int>(keepCommittedRows: true);
        var manager = new StreamingQueryManager();
        numbers.AddData(1, 2);
        numbers.AddData(3);
        for (var run = 0; run < 2; run++)
        {
            var sink = new MemorySink<int>();
            var query = await DataStream.From(numbers).WriteStream().Manager(manager).StartAsync(sink);
            await query.ProcessAllAvailableAsync().WaitAsync(Wait);
            await query.StopAsync();
            Assert.Equal([1, 2, 3], sink.Rows);
        }

        Assert.Equal(3, numbers.RowsKept);
    }

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
}
