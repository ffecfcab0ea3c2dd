using System.Text.Json;
using Sluice.Graphs.IO.Sockets;

namespace Sluice.Graphs.Queries.Sources;

/*
 * A socket cannot seek, so this source keeps a write-ahead log (DESIGN 4.4 step 7) in the query's checkpoint, as the
 * source's log: a background reader only buffers received lines ("pending"); when the coordinator asks for the latest
 * offset, the pending lines are appended to the log as one entry {"first": offset of its first line, "lines": [...]}
 * and only then counted, so every offset the offset log ever names refers to lines already durable. After a restart
 * the log gives back the same lines at the same offsets (an uncommitted batch re-runs with its rows, lines logged
 * but never planned go into the next batch) and new lines continue after them, even when the server is gone. When a
 * batch commits, the entries wholly below its end offset are purged (the last entry always stays: it tells where the
 * next line's offset starts), and the lines below it leave memory.
 */

/// <summary>
/// Lines from a TCP server (Spark's socket source), made replayable by a write-ahead log in the query's checkpoint: the
/// offset is the number of lines logged so far.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "The reader stops through Close; the token source is cancelled there and lives as long as the source.")]
internal sealed class SocketQuerySource(string host, int port) : QuerySource<string>, ILoggedSource
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<string> _pending = [];
    private readonly List<string> _lines = []; // logged lines not yet committed: offsets [_base, _base + _lines.Count)
    private readonly List<(long First, int Count)> _entries = []; // the log's entries, oldest first
    private readonly Lock _gate = new();
    private readonly List<QuerySourceContext> _readers = [];
    private long _base;
    private SourceLog? _log;
    private Exception? _failure;
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
                _failure = null;
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

    public async ValueTask RestoreAsync(SourceLog log, CancellationToken cancellationToken)
    {
        var stored = await log.ReadAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<LogEntry>(stored.Count);
        foreach (var text in stored)
        {
            var entry = Parse(text);
            if (entries.Count > 0 && entry.First != entries[^1].First + entries[^1].Lines.Length)
            {
                throw new StreamingQueryException(
                    $"Socket source {host}:{port}: its write-ahead log in the checkpoint jumps from offset {entries[^1].First + entries[^1].Lines.Length} to {entry.First}: " +
                    "the checkpoint is damaged; restore it, or start the query on a new checkpoint location.");
            }

            entries.Add(entry);
        }

        lock (_gate)
        {
            if (_readers.Count > 1)
            {
                throw new StreamingQueryException($"Socket source {host}:{port} feeds another running query: its write-ahead log belongs to one query; create a socket source per query.");
            }

            // The log is the truth: what this instance held from an earlier run is replaced (lines still pending stay, and come next).
            _log = log;
            _lines.Clear();
            _entries.Clear();
            _base = entries.Count > 0 ? entries[0].First : 0;
            foreach (var entry in entries)
            {
                _lines.AddRange(entry.Lines);
                _entries.Add((entry.First, entry.Lines.Length));
            }
        }
    }

    private LogEntry Parse(string text)
    {
        try
        {
            if (JsonSerializer.Deserialize<LogEntry>(text, Json) is { Lines: not null } entry)
            {
                return entry;
            }
        }
        catch (JsonException e)
        {
            throw Damaged(text, e);
        }

        throw Damaged(text, null);
    }

    private StreamingQueryException Damaged(string text, JsonException? inner)
    {
        var message = $"Socket source {host}:{port}: an entry of its write-ahead log in the checkpoint is unreadable ('{(text.Length > 80 ? text[..80] + "..." : text)}'): " +
            "the checkpoint is damaged; restore it, or start the query on a new checkpoint location.";
        return inner is null ? new StreamingQueryException(message) : new StreamingQueryException(message, inner);
    }

    private async Task ReadAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = new SocketLineReader(new SocketSourceSettings(host, port), clock);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                bool first;
                lock (_gate)
                {
                    first = _pending.Count == 0;
                    _pending.Add(line);
                }

                // The coordinator takes every pending line at once: wake it when there were none, not once per line.
                if (first)
                {
                    Notify();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (IOException e) // SourceException (refused, gave up) or a reset connection
        {
            lock (_gate)
            {
                _failure = e;
            }

            Notify(); // the coordinator learns of it at its next look for data
        }
    }

    private void Notify()
    {
        QuerySourceContext[] readers;
        lock (_gate)
        {
            readers = [.. _readers];
        }

        foreach (var reader in readers)
        {
            reader.NotifyDataAvailable();
        }
    }

    public override async ValueTask<long> LatestOffsetAsync(long start, bool applyLimits, CancellationToken cancellationToken)
    {
        string[] fresh;
        long first;
        SourceLog? log;
        lock (_gate)
        {
            fresh = [.. _pending];
            _pending.Clear();
            first = _base + _lines.Count;
            log = _log;
        }

        if (fresh.Length > 0)
        {
            try
            {
                // Durable before it counts: no offset entry may name a line the log does not hold.
                if (log is not null)
                {
                    await log.AppendAsync([JsonSerializer.Serialize(new LogEntry(first, fresh), Json)], cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                lock (_gate)
                {
                    _pending.InsertRange(0, fresh);
                }

                throw;
            }

            lock (_gate)
            {
                _lines.AddRange(fresh);
                _entries.Add((first, fresh.Length));
            }
        }

        lock (_gate)
        {
            var end = _base + _lines.Count;
            if (end <= start && _failure is { } failure)
            {
                throw new StreamingQueryException($"Socket source {host}:{port} stopped receiving: {failure.Message}", failure);
            }

            return end;
        }
    }

    public override ValueTask<IEnumerable<string>> ReadAsync(long start, long end, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (start < _base || end > _base + _lines.Count || start > end)
            {
                throw new StreamingQueryException(
                    $"Socket source {host}:{port}: lines [{start}, {end}) are not in its write-ahead log, which holds [{_base}, {_base + _lines.Count}): " +
                    "the checkpoint's offsets and its source log disagree; restore the checkpoint, or start the query on a new checkpoint location.");
            }

            return ValueTask.FromResult<IEnumerable<string>>(_lines.GetRange((int)(start - _base), (int)(end - start)));
        }
    }

    public override async ValueTask CommitAsync(long end, CancellationToken cancellationToken)
    {
        var purge = 0;
        SourceLog? log;
        lock (_gate)
        {
            var committed = (int)Math.Clamp(end - _base, 0, _lines.Count);
            _lines.RemoveRange(0, committed);
            _base += committed;

            // The last entry stays even when committed: after a restart it says where the next line's offset starts.
            while (purge < _entries.Count - 1 && _entries[purge].First + _entries[purge].Count <= end)
            {
                purge++;
            }

            _entries.RemoveRange(0, purge);
            log = _log;
        }

        if (purge > 0 && log is not null)
        {
            await log.PurgeAsync(purge, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One entry of the write-ahead log: lines received together and the offset of the first.</summary>
    private sealed record LogEntry(long First, string[] Lines);
}
