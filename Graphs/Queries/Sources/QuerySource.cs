namespace Sluice.Graphs.Queries.Sources;

/*
 * The contract of a query source (Spark's Source / MicroBatchStream, simplified to long offsets): a source is a
 * sequence of rows addressed by an offset that only grows. Offset 0 is the beginning; a range [start, end) is
 * replayable: reading it again after a restart gives the same rows (the engine re-runs an uncommitted batch with the
 * offsets it logged). A row count (memory, rate, socket) or a file count (files) fits in a long; a source with richer
 * positions keeps its own table from long offsets to them.
 */

/// <summary>A source of rows for a streaming query: seekable offsets, the latest offset (with per-trigger limits), a range read, a commit.</summary>
/// <typeparam name="T">The row type.</typeparam>
public abstract class QuerySource<T>
{
    /// <summary>How the source appears in progress reports (Spark's <c>sources[].description</c>).</summary>
    public abstract string Description { get; }

    /// <summary>Called when a query starts reading the source; keep <paramref name="context"/> to signal new data.</summary>
    public virtual void Open(QuerySourceContext context)
    {
    }

    /// <summary>Called when a query stops reading the source.</summary>
    public virtual void Close(QuerySourceContext context)
    {
    }

    /// <summary>
    /// The offset up to which rows are available now, starting from <paramref name="start"/>; when
    /// <paramref name="applyLimits"/> is set, no further than the source's per-trigger limit (maxFilesPerTrigger,
    /// maxRowsPerTrigger) allows.
    /// </summary>
    public abstract ValueTask<long> LatestOffsetAsync(long start, bool applyLimits, CancellationToken cancellationToken);

    /// <summary>The rows of [<paramref name="start"/>, <paramref name="end"/>), in order; the same rows every time.</summary>
    public abstract ValueTask<IEnumerable<T>> ReadAsync(long start, long end, CancellationToken cancellationToken);

    /// <summary>Everything before <paramref name="end"/> is committed by the query: the source may forget it.</summary>
    public virtual ValueTask CommitAsync(long end, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// Everything before <paramref name="end"/> is committed by the query that opened the source with
    /// <paramref name="context"/>: a source read by several queries overrides this to forget rows only once all of
    /// them committed. The default calls <see cref="CommitAsync(long, CancellationToken)"/>.
    /// </summary>
    public virtual ValueTask CommitAsync(QuerySourceContext context, long end, CancellationToken cancellationToken) => CommitAsync(end, cancellationToken);
}
