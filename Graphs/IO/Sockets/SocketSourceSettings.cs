namespace Sluice.Graphs.IO.Sockets;

/// <summary>Where a socket source connects and whether it reconnects when the connection fails or closes.</summary>
public sealed record SocketSourceSettings
{
    /// <summary>Creates settings; backoffs default to 100 ms and 10 s.</summary>
    /// <param name="host">The host name or address of the server.</param>
    /// <param name="port">The TCP port, 1 to 65535.</param>
    /// <param name="reconnect">Reconnect after a refused or closed connection (default false: a refused connection fails, a close completes).</param>
    /// <param name="minBackoff">The first wait before reconnecting; doubled after each failed attempt.</param>
    /// <param name="maxBackoff">The longest wait between attempts.</param>
    /// <param name="maxRetries">Failed attempts in a row before the source fails; negative for no limit.</param>
    public SocketSourceSettings(string host, int port, bool reconnect = false, TimeSpan? minBackoff = null, TimeSpan? maxBackoff = null, int maxRetries = 10)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        Host = host;
        Port = port is > 0 and <= 65535 ? port
            : throw new ArgumentOutOfRangeException(nameof(port), port, "A TCP port is between 1 and 65535.");
        Reconnect = reconnect;
        MinBackoff = minBackoff ?? TimeSpan.FromMilliseconds(100);
        MaxBackoff = maxBackoff ?? TimeSpan.FromSeconds(10);
        if (MinBackoff < TimeSpan.Zero || MaxBackoff < MinBackoff)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBackoff), $"Backoffs must satisfy 0 <= minBackoff ({MinBackoff}) <= maxBackoff ({MaxBackoff}).");
        }

        MaxRetries = maxRetries;
    }

    /// <summary>The host name or address of the server.</summary>
    public string Host { get; init; }

    /// <summary>The TCP port.</summary>
    public int Port { get; init; }

    /// <summary>Whether to reconnect after a refused or closed connection.</summary>
    public bool Reconnect { get; init; }

    /// <summary>The first wait before reconnecting.</summary>
    public TimeSpan MinBackoff { get; init; }

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxBackoff { get; init; }

    /// <summary>Failed attempts in a row before the source fails; negative for no limit.</summary>
    public int MaxRetries { get; init; }
}
