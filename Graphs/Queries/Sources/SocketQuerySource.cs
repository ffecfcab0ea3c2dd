using Sluice.Graphs.IO.Sockets;

namespace Sluice.Graphs.Queries.Sources;

/// <summary>
/// Lines from a TCP server (Spark's socket source): a background reader appends every received line to a buffer; the
/// offset is the number of lines received. Replayable within the process; across process restarts it needs the
/// write-ahead log of issue 6.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "The reader stops through Close; the token source is cancelled there and lives as long as the source.")]
internal sealed class SocketQuerySource(string host, int port) : QuerySource<string>
{
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private readonly List<QuerySourceContext> _readers = [];
    private CancellationTokenSource? _stop;
    private Task? _reading;

    public override string Description => $"TextSocketV2[host: {host}, port: {port}]";

    public override void Open(QuerySourceContext context)
    {
        lock (_gate)
        {
            _readers.Add(context);
            if (_reading is null)
            {
                _stop = new CancellationTokenSource();
                _reading = ReadAsync(context.Clock, _stop.Token);
            }
        }
    }

    public override void Close(QuerySourceContext context)
    {
        lock (_gate)
        {
            _readers.Remove(context);
            if (_readers.Count == 0)
            {
                _stop?.Cancel();
                _reading = null;
            }
        }
    }

    private async Task ReadAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var reader = new SocketLineReader(new SocketSourceSettings(host, port), clock);
        try
        {
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                QuerySourceContext[] readers;
                lock (_gate)
                {
                    _lines.Add(line);
                    readers = [.. _readers];
                }

                foreach (var r in readers)
                {
                    r.NotifyDataAvailable();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public override ValueTask<long> LatestOffsetAsync(long start, bool applyLimits, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult((long)_lines.Count);
        }
    }

    public override ValueTask<IEnumerable<string>> ReadAsync(long start, long end, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IEnumerable<string>>(_lines.GetRange((int)start, (int)(end - start)));
        }
    }
}
