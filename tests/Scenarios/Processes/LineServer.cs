using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sluice.Scenarios.Processes;

/// <summary>
/// A TCP server feeding a fixed sequence of lines to whoever connects, one line per <c>pace</c>, and never sending a
/// line twice: a client that reconnects (a restarted process) gets the lines after the last one written. Lines written
/// to a client that was killed before it read them are lost, as with any plain socket.
/// </summary>
internal sealed class LineServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyList<string> _lines;
    private readonly TimeSpan _pace;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private int _sent;

    public LineServer(IReadOnlyList<string> lines, TimeSpan pace)
    {
        _lines = lines;
        _pace = pace;
        _listener.Start();
        _serving = ServeAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many lines were written to a connection so far.</summary>
    public int Sent => Volatile.Read(ref _sent);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving;
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync(token);
                var stream = client.GetStream();
                while (_sent < _lines.Count)
                {
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(_lines[_sent] + "\n"), token);
                    Interlocked.Increment(ref _sent);
                    await Task.Delay(_pace, token); // the input's pace, not a wait for an event
                }

                // Everything sent: hold the connection until the reader goes away (a read of 0 bytes).
                while (await stream.ReadAsync(new byte[1], token) > 0)
                {
                }
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // The reader was killed: wait for the restarted one.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
