namespace Sluice.Graphs.Queries.Sources;

/// <summary>
/// Rows added by code or tests (Spark's MemoryStream): each <see cref="AddData(T[])"/> appends rows; the offset is the
/// number of rows added. Several queries may read one source, each from its own committed offset.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
/// <param name="name">The name shown in progress reports.</param>
public sealed class MemorySource<T>(string name = "MemoryStream") : QuerySource<T>
{
    private readonly List<T> _rows = [];
    private readonly List<QuerySourceContext> _readers = [];
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public override string Description => name;

    /// <summary>How many rows were added so far (the latest offset).</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _rows.Count;
            }
        }
    }

    /// <summary>Appends rows; returns the offset after them.</summary>
    public long AddData(params T[] rows) => AddData((IEnumerable<T>)rows);

    /// <summary>Appends rows; returns the offset after them.</summary>
    public long AddData(IEnumerable<T> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        QuerySourceContext[] readers;
        long end;
        lock (_gate)
        {
            _rows.AddRange(rows);
            end = _rows.Count;
            readers = [.. _readers];
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
            _readers.Add(context);
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
            if (start < 0 || end > _rows.Count || start > end)
            {
                throw new ArgumentOutOfRangeException(nameof(end), $"Memory source '{name}': range [{start}, {end}) is outside [0, {_rows.Count}).");
            }

            return ValueTask.FromResult<IEnumerable<T>>(_rows.GetRange((int)start, (int)(end - start)));
        }
    }
}
