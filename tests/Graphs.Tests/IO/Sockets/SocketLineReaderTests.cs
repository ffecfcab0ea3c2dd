using System.Net;
using System.Net.Sockets;
using System.Text;
using Sluice.Graphs.IO;
using Sluice.Graphs.IO.Sockets;

namespace Sluice.Graphs.Tests.IO.Sockets;

public class SocketLineReaderTests
{
    private static async Task ServeOnce(TcpListener listener, string text, bool stopListeningBeforeClose = false)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await stream.FlushAsync();
        if (stopListeningBeforeClose)
        {
            listener.Stop(); // so the reader's next attempt is refused, not queued
        }

        client.Client.Shutdown(SocketShutdown.Send);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task Lines_from_the_server_are_read_until_it_closes_and_counted_as_the_offset()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var server = ServeOnce(listener, "cat dog\r\nowl\nlast without newline");
            await using var reader = new SocketLineReader(new SocketSourceSettings("127.0.0.1", port));
            var lines = new List<string>();
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Add(line);
            }

            await server;
            Assert.Equal(["cat dog", "owl", "last without newline"], lines);
            Assert.Equal(3, reader.LinesReceived);
            Assert.Null(await reader.ReadLineAsync());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_refused_connection_without_reconnect_fails_naming_the_endpoint_and_how_to_start_a_server()
    {
        var port = FreePort();
        await using var reader = new SocketLineReader(new SocketSourceSettings("127.0.0.1", port));
        var error = await Assert.ThrowsAsync<SourceException>(async () => await reader.ReadLineAsync());
        Assert.StartsWith($"Socket source could not connect to 127.0.0.1:{port}: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"Start a server first, e.g. nc -lk {port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_reconnect_the_reader_reconnects_after_a_close_and_gives_up_after_max_retries()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            await ServeOnce(listener, "a\n");
            await ServeOnce(listener, "b\nc\n", stopListeningBeforeClose: true);
        });
        var settings = new SocketSourceSettings("127.0.0.1", port, reconnect: true, minBackoff: TimeSpan.FromMilliseconds(1), maxBackoff: TimeSpan.FromMilliseconds(4), maxRetries: 3);
        await using var reader = new SocketLineReader(settings);

        Assert.Equal("a", await reader.ReadLineAsync());
        Assert.Equal("b", await reader.ReadLineAsync());
        Assert.Equal("c", await reader.ReadLineAsync());
        await server;
        var error = await Assert.ThrowsAsync<SourceException>(async () => await reader.ReadLineAsync());
        Assert.StartsWith($"Socket source gave up reconnecting to 127.0.0.1:{port} after 4 failed attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, reader.LinesReceived);
        Assert.Equal(2, reader.Connections);
    }
}
