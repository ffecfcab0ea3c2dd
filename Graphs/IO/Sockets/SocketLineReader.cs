// Connection lifecycle: connect lazily on the first read; read lines until the server closes. Without
// Reconnect, a refused connection fails and a close completes the reader. With Reconnect, both lead to
// another attempt after a backoff (MinBackoff, doubled per failure, capped at MaxBackoff, measured on the
// TimeProvider); the backoff and the failure count reset once a connection delivers a line, and MaxRetries
// failures in a row fail the reader.
using System.Globalization;
using System.Net.Sockets;
using Sluice.Graphs.IO.Text;

namespace Sluice.Graphs.IO.Sockets;

/// <summary>
/// Reads UTF-8 text lines ('\n' or "\r\n") from a TCP server, like Spark's socket source, one per call.
/// A socket cannot seek: <see cref="LinesReceived"/> is its offset, for a write-ahead log to build on.
/// </summary>
/// <example>
/// <code>
/// await using var socket = new SocketLineReader(new SocketSourceSettings("localhost", 9999));
/// while (await socket.ReadLineAsync() is { } line) Console.WriteLine(line);
/// </code>
/// </example>
public sealed class SocketLineReader : IRecordReader<string>
{
    private readonly SocketSourceSettings _settings;
    private readonly TimeProvider _time;
    private TcpClient? _client;
    private TextLineReader? _lines;
    private bool _connectionDeliveredALine;
    private int _failures;
    private TimeSpan _backoff;
    private bool _completed;

    /// <summary>Creates a reader; it connects on the first read.</summary>
    public SocketLineReader(SocketSourceSettings settings, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _time = timeProvider ?? TimeProvider.System;
        _backoff = settings.MinBackoff;
    }

    /// <summary>Lines received since the reader was created, over all connections: the source's offset.</summary>
    public long LinesReceived { get; private set; }

    /// <summary>Connections made so far (more than one only with reconnection).</summary>
    public int Connections { get; private set; }

    /// <summary>
    /// Reads the next line, or returns <c>null</c> when the server closed the connection and reconnection is off.
    /// </summary>
    /// <exception cref="SourceException">The connection was refused (without reconnection), or reconnection gave up.</exception>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        while (!_completed)
        {
            if (_lines is null)
            {
                await ConnectAsync(cancellationToken).ConfigureAwait(false);
            }

            string? line;
            try
            {
                line = await _lines!.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                if (!_settings.Reconnect)
                {
                    throw new SourceException($"Socket source lost its connection to {Endpoint}: {ex.Message}. Set reconnect: true to reconnect.", ex);
                }

                line = null; // a reset connection is one more reason to reconnect
            }

            if (line is not null)
            {
                LinesReceived++;
                if (!_connectionDeliveredALine)
                {
                    _connectionDeliveredALine = true;
                    _failures = 0;
                    _backoff = _settings.MinBackoff;
                }

                return line;
            }

            await CloseConnectionAsync().ConfigureAwait(false);
            if (!_settings.Reconnect)
            {
                _completed = true;
            }
            else if (!_connectionDeliveredALine)
            {
                await BackOffAsync(null, cancellationToken).ConfigureAwait(false); // accepted and closed at once: do not spin
            }
        }

        return null;
    }

    /// <inheritdoc />
    public async ValueTask<ParsedRecord<string>?> ReadAsync(CancellationToken cancellationToken = default) =>
        await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line
            ? ParsedRecord<string>.Ok(line, LinesReceived)
            : null;

    private async ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var client = new TcpClient { NoDelay = true };
            try
            {
                await client.ConnectAsync(_settings.Host, _settings.Port, cancellationToken).ConfigureAwait(false);
                _client = client;
                _lines = new TextLineReader(client.GetStream());
                _connectionDeliveredALine = false;
                Connections++;
                return;
            }
            catch (SocketException ex)
            {
                client.Dispose();
                if (!_settings.Reconnect)
                {
                    throw new SourceException(
                        $"Socket source could not connect to {Endpoint}: {ex.Message}. Start a server first, e.g. nc -lk {_settings.Port.ToString(CultureInfo.InvariantCulture)}",
                        ex);
                }

                await BackOffAsync(ex, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask BackOffAsync(SocketException? cause, CancellationToken cancellationToken)
    {
        _failures++;
        if (_settings.MaxRetries >= 0 && _failures > _settings.MaxRetries)
        {
            var message = string.Create(CultureInfo.InvariantCulture,
                $"Socket source gave up reconnecting to {Endpoint} after {_failures} failed attempts{(cause is null ? " (the server closed each connection without sending a line)" : ": " + cause.Message)}. Check that the server is running, or raise maxRetries.");
            throw cause is null ? new SourceException(message) : new SourceException(message, cause);
        }

        await Task.Delay(_backoff, _time, cancellationToken).ConfigureAwait(false);
        _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _settings.MaxBackoff.Ticks));
    }

    private string Endpoint => _settings.Host + ":" + _settings.Port.ToString(CultureInfo.InvariantCulture);

    private async ValueTask CloseConnectionAsync()
    {
        if (_lines is not null)
        {
            await _lines.DisposeAsync().ConfigureAwait(false);
            _lines = null;
        }

        _client?.Dispose();
        _client = null;
    }

    /// <summary>Closes the connection.</summary>
    public ValueTask DisposeAsync()
    {
        _completed = true;
        return CloseConnectionAsync();
    }
}
