namespace Sluice.Graphs.Joins;

/// <summary>
/// The static side of a stream–static join: a table of rows by key, either fixed or loaded by a function and reloaded
/// whenever <see cref="Reload"/> is called or, with a reload interval, by the first lookup at least the interval after
/// the last load (on the table's clock). Safe to share between queries and threads; a reload swaps the whole table at
/// once, so a lookup sees either the old or the new content.
/// </summary>
/// <typeparam name="TKey">The key rows are looked up by.</typeparam>
/// <typeparam name="TValue">The table's row.</typeparam>
public sealed class LookupTable<TKey, TValue>
    where TKey : notnull
{
    private readonly Func<IReadOnlyDictionary<TKey, TValue>>? _loader;
    private readonly TimeSpan _reloadInterval;
    private readonly TimeProvider _clock;
    private readonly Lock _reloading = new();
    private volatile IReadOnlyDictionary<TKey, TValue>? _rows;
    private long _nextReloadTicks = long.MinValue;

    internal LookupTable(IReadOnlyDictionary<TKey, TValue>? rows, Func<IReadOnlyDictionary<TKey, TValue>>? loader, TimeSpan reloadInterval, TimeProvider clock)
    {
        _rows = rows;
        _loader = loader;
        _reloadInterval = reloadInterval;
        _clock = clock;
    }

    /// <summary>Loads the table again now (for a table built with <see cref="LookupTable.FromLoader{TKey,TValue}"/>); lookups after this see the new content.</summary>
    /// <exception cref="InvalidOperationException">The table is fixed (built with <see cref="LookupTable.From{TKey,TValue}"/>), or the loader returned null.</exception>
    public void Reload()
    {
        if (_loader is null)
        {
            throw new InvalidOperationException("This lookup table was built from a fixed dictionary: build it with LookupTable.FromLoader to reload it.");
        }

        lock (_reloading)
        {
            _rows = _loader() ?? throw new InvalidOperationException("The lookup table's loader returned null: return an empty dictionary instead.");
            if (_reloadInterval > TimeSpan.Zero)
            {
                Volatile.Write(ref _nextReloadTicks, (_clock.GetUtcNow() + _reloadInterval).UtcTicks);
            }
        }
    }

    /// <summary>Looks <paramref name="key"/> up, (re)loading the table first when it is due.</summary>
    internal bool TryGet(TKey key, out TValue value) => Current().TryGetValue(key, out value!);

    private IReadOnlyDictionary<TKey, TValue> Current()
    {
        var rows = _rows;
        if (_loader is null || (rows is not null && (_reloadInterval == TimeSpan.Zero || _clock.GetUtcNow().UtcTicks < Volatile.Read(ref _nextReloadTicks))))
        {
            return rows!;
        }

        lock (_reloading)
        {
            // Another thread may have reloaded while this one waited.
            if (_rows is null || (_reloadInterval > TimeSpan.Zero && _clock.GetUtcNow().UtcTicks >= _nextReloadTicks))
            {
                Reload();
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
        return new LookupTable<TKey, TValue>(rows, null, TimeSpan.Zero, TimeProvider.System);
    }

    /// <summary>
    /// A table loaded by <paramref name="loader"/> at its first lookup, and again at the first lookup at least
    /// <paramref name="reloadInterval"/> after each load (null: only when <see cref="LookupTable{TKey,TValue}.Reload"/> is called).
    /// </summary>
    /// <param name="loader">Loads the whole table; called on a query's thread, so keep it quick or cache behind it.</param>
    /// <param name="reloadInterval">How often to reload.</param>
    /// <param name="clock">The clock the interval is measured on (the system clock when null).</param>
    public static LookupTable<TKey, TValue> FromLoader<TKey, TValue>(
        Func<IReadOnlyDictionary<TKey, TValue>> loader, TimeSpan? reloadInterval = null, TimeProvider? clock = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(loader);
        if (reloadInterval is { } interval && interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(reloadInterval), interval, "The reload interval must be positive (or null to reload only on demand).");
        }

        return new LookupTable<TKey, TValue>(null, loader, reloadInterval ?? TimeSpan.Zero, clock ?? TimeProvider.System);
    }
}
