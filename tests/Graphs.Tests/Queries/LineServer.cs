using System.Net;
using System.Net.Sockets;

namespace Sluice.Graphs.Tests.Queries;

/// <summary>A TCP server the test writes lines to, one connection per query run.</summary>
internal sealed class LineServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _clients = [];

    public LineServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    public async Task<LineConnection> AcceptAsync()
    {
        var client = await _listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(20));
        _clients.Add(client);
        return new LineConnection(client.GetStream());
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
