using System.Net;
using System.Net.Sockets;
using System.Text;
using Sluice.Graphs.Dsl;
using Sluice.Graphs.Offsets;

namespace Sluice.Graphs.Tests.IO.Sockets;

public sealed class SocketSourceTests : IDisposable
{
    private readonly Materializer _mat = Materializer.Create();

    public void Dispose() => _mat.Dispose();

    [Fact]
    public async Task Socket_source_emits_the_lines_of_a_real_server_and_reports_their_count_as_offset()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var server = Task.Run(async () =>
            {
                using var client = await listener.AcceptTcpClientAsync();
                await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes("the cat\r\nthe dog\nend"));
                client.Client.Shutdown(SocketShutdown.Send);
            });

            var (offsets, lines) = Source.Socket("127.0.0.1", port).ToMaterialized(Sink.Seq<string>(), Keep.Both).Run(_mat);
            Assert.Equal(["the cat", "the dog", "end"], await lines);
            await server;
            Assert.Equal(new LongOffset(3), await offsets.GetOffsetAsync());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_refused_connection_fails_the_stream_naming_the_stage_the_endpoint_and_the_fix()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var error = await Assert.ThrowsAsync<StreamStageException>(() => Source.Socket("127.0.0.1", port).RunWith(Sink.Seq<string>(), _mat));
        Assert.Equal("socket-source", error.StageName);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"nc -lk {port}", error.Message, StringComparison.Ordinal);
    }
}
