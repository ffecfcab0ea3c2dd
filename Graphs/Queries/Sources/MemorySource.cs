namespace Sluice.Graphs.Queries.Sources;

/// <summary>
/// Rows added by code or tests (Spark's MemoryStream): each <see cref="AddData(T[])"/> appends rows; the offset is the
/// number of rows added. Several queries may read one source, each from its own committed offset.
/// </summary>
/// <remarks>
/// Like Spark's MemoryStream, the source forgets rows once they are committed: when every query reading it has
/// committed past them, they are dropped, so a long-running query fed through a memory source keeps only the rows it
/// has not finished. A query that has not committed yet holds every row from its start. Reading a range that was
/// already dropped (a new query, or one restarted from an older checkpoint, after another query committed further)
/// fails with a message saying so; a source that several queries read one after another from the beginning is created
/// with <c>keepCommittedRows: true</c>.
/// </remarks>
/// <typeparam name="T">The row type.</typeparam>
/// <param name="name">The name shown in progress reports.</param>
/// <param name="keepCommittedRows">Keep every row ever added (memory grows with the input), so that any later query can read from offset 0.</param>
public sealed class MemorySource<T>(string name = "MemoryStream", bool keepCommittedRows = false) : QuerySource<T>
{
    // Rows are kept as the chunks they were added in (never changed once added), so a read hands out slices of them
    // without copying, and dropping committed rows drops whole chunks.
    private readonly List<Chunk> _chunks = [];
    private readonly Dictionary<QuerySourceContext, long> _readers = [];
    private readonly Lock _gate = new();
    private long _dropped; // the offset of the first row still kept
    private long _end;

    /// <inheritdoc />
    public override string Description => name;

    /// <summary>How many rows were added so far (the latest offset).</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _end;
            }
        }
    }

    /// <summary>Appends rows; returns the offset after them.</summary>
    public long AddData(params T[] rows) => AddData((IEnumerable<T>)rows);

    /// <summary>Appends rows; returns the offset after them.</summary>
    public long AddData(IEnumerable<T> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var copy = rows.ToArray(); // the caller may reuse its array
        QuerySourceContext[] readers;
        long end;
        lock (_gate)
        {
            if (copy.Length > 0)
            {
                _chunks.Add(new Chunk(_end, copy));
                _end += copy.Length;
            }

            end = _end;
            readers = [.. _readers.Keys];
        }

        foreach (var reader in readers)
        {
            reader.NotifyDataAvailable();
        }

        return end;
    }

    /// <inheritdoc />
    public override void Open(QuerySourceContext context)
    {
        lock (_gate)
        {
            _readers[context] = -1; // nothing committed yet: it may read from any offset still kept
        }
    }

    /// <inheritdoc />
    public override void Close(QuerySourceContext context)
    {
        lock (_gate)
        {
            _readers.Remove(context);
        }
    }

    /// <inheritdoc />
    public override ValueTask<long> LatestOffsetAsync(long start, bool applyLimits, CancellationToken cancellationToken) => ValueTask.FromResult(Count);

    /// <inheritdoc />
    public override ValueTask<IEnumerable<T>> ReadAsync(long start, long end, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (start < 0 || end > _end || start > end)
            {
                throw new ArgumentOutOfRangeException(nameof(end), $"Memory source '{name}': range [{start}, {end}) is outside [0, {_end}).");
            }

            if (start < _dropped)
            {
                throw new InvalidOperationException(
                    $"Memory source '{name}': rows [{start}, {_dropped}) were dropped after every query reading the source had committed them. " +
                    "A memory source keeps only uncommitted rows (like Spark's MemoryStream): restart the query from its latest checkpoint, give each query its own memory source, or create it with keepCommittedRows: true.");
            }

            var slices = new List<ArraySegment<T>>();
            var index = FindChunk(start);
            for (var position = start; position < end; index++)
            {
                var chunk = _chunks[index];
                var from = (int)(position - chunk.Start);
                var count = (int)Math.Min(chunk.Rows.Length - from, end - position);
                slices.Add(new ArraySegment<T>(chunk.Rows, from, count));
                position += count;
            }

            return ValueTask.FromResult<IEnumerable<T>>(slices.Count == 1 ? slices[0] : slices.SelectMany(slice => slice));
        }
    }

    /// <inheritdoc />
    public override ValueTask CommitAsync(QuerySourceContext context, long end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        lock (_gate)
        {
            if (_readers.TryGetValue(context, out var committed) && end > committed)
            {
                _readers[context] = end;
            }

            if (keepCommittedRows)
            {
                return ValueTask.CompletedTask;
            }

            var keepFrom = _end;
            foreach (var offset in _readers.Values)
            {
                keepFrom = Math.Min(keepFrom, offset < 0 ? _dropped : offset);
            }

            var drop = 0;
            while (drop < _chunks.Count && _chunks[drop].Start + _chunks[drop].Rows.Length <= keepFrom)
            {
                drop++;
            }

            if (drop > 0)
            {
                _dropped = _chunks[drop - 1].Start + _chunks[drop - 1].Rows.Length;
                _chunks.RemoveRange(0, drop);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>How many rows the source still keeps (added and not yet committed by every reader); for tests and diagnostics.</summary>
    internal long RowsKept
    {
        get
        {
            lock (_gate)
            {
                return _end - _dropped;
            }
        }
    }

    private int FindChunk(long offset)
    {
        int low = 0, high = _chunks.Count - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (_chunks[mid].Start <= offset)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }

    private readonly record struct Chunk(long Start, T[] Rows);
}
