using System.Net;
using System.Net.Sockets;
using Sluice.Graphs.Queries;
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
}
