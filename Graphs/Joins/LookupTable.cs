namespace Sluice.Graphs.Joins;

/// <summary>
/// The static side of a stream–static join: a table of rows by key, either fixed or loaded by a function and reloaded
/// on an interval (judged by batch timestamps: the first batch at least the interval after the last load reloads it
/// before it joins) or whenever <see cref="Reload"/> is called. Safe to share between queries and shards.
/// </summary>
/// <typeparam name="TKey">The key rows are looked up by.</typeparam>
/// <typeparam name="TValue">The table's row.</typeparam>
public sealed class LookupTable<TKey, TValue>
    where TKey : notnull
{
    private readonly Func<IReadOnlyDictionary<TKey, TValue>>? _loader;
    private readonly long _reloadIntervalMs;
    private readonly Lock _reloading = new();
    private volatile IReadOnlyDictionary<TKey, TValue>? _rows;
    private long _loadedAtBatchMs = long.MinValue;

    internal LookupTable(IReadOnlyDictionary<TKey, TValue>? rows, Func<IReadOnlyDictionary<TKey, TValue>>? loader, long reloadIntervalMs)
    {
        _rows = rows;
        _loader = loader;
        _reloadIntervalMs = reloadIntervalMs;
    }

    /// <summary>Loads the table again now (for a table built with <see cref="LookupTable.FromLoader{TKey,TValue}"/>); rows joined after this see the new content.</summary>
    /// <exception cref="InvalidOperationException">The table is fixed (built with <see cref="LookupTable.From{TKey,TValue}"/>).</exception>
    public void Reload()
    {
        if (_loader is null)
        {
            throw new InvalidOperationException("This lookup table was built from a fixed dictionary: build it with LookupTable.FromLoader to reload it.");
        }

        var rows = _loader() ?? throw new InvalidOperationException("The lookup table's loader returned null: return an empty dictionary instead.");
        _rows = rows;
    }

    /// <summary>The current rows, (re)loaded first when the batch at <paramref name="batchTimestampMs"/> is due for it.</summary>
    internal IReadOnlyDictionary<TKey, TValue> RowsFor(long batchTimestampMs)
    {
        var rows = _rows;
        if (_loader is null || (rows is not null && (_reloadIntervalMs == 0 || batchTimestampMs < Volatile.Read(ref _loadedAtBatchMs) + _reloadIntervalMs)))
        {
            return rows!;
        }

        lock (_reloading)
        {
            // Another shard of the same batch may have reloaded while this one waited.
            if (_rows is null || (_reloadIntervalMs > 0 && batchTimestampMs >= _loadedAtBatchMs + _reloadIntervalMs))
            {
                Reload();
                Volatile.Write(ref _loadedAtBatchMs, batchTimestampMs);
            }

            return _rows!;
        }
    }
}

/// <summary>Creates <see cref="LookupTable{TKey,TValue}"/> instances.</summary>
public static class LookupTable
{
    /// <summary>A fixed table.</summary>
    /// <param name="rows">The rows by key; the table keeps this reference (do not change the dictionary while queries run).</param>
    public static LookupTable<TKey, TValue> From<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> rows)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new LookupTable<TKey, TValue>(rows, null, 0);
    }

    /// <summary>A table loaded by <paramref name="loader"/> before the first batch that joins it, and reloaded every <paramref name="reloadInterval"/> (null: only by <see cref="LookupTable{TKey,TValue}.Reload"/>).</summary>
    /// <param name="loader">Loads the whole table; called on the query's thread, so keep it quick or cache behind it.</param>
    /// <param name="reloadInterval">How often to reload, in batch (trigger) time.</param>
    public static LookupTable<TKey, TValue> FromLoader<TKey, TValue>(Func<IReadOnlyDictionary<TKey, TValue>> loader, TimeSpan? reloadInterval = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(loader);
        if (reloadInterval is { } interval && interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(reloadInterval), interval, "The reload interval must be positive (or null to reload only on demand).");
        }

        return new LookupTable<TKey, TValue>(null, loader, reloadInterval is { } i ? (long)i.TotalMilliseconds : 0);
    }
}
