namespace Sluice.Graphs.StatefulFunctions;

/// <summary>
/// Per-epoch scratch of a shard: the values of each key in arrival order, and the keys in the order they first arrived.
/// Lists are reused from epoch to epoch, so a steady stream of keys allocates nothing once warm.
/// </summary>
internal sealed class KeyedBuffer<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, List<TValue>> _values = [];
    private readonly List<TKey> _order = [];
    private readonly Stack<List<TValue>> _free = new();

    /// <summary>The keys that received values this epoch, in the order of their first value.</summary>
    public IReadOnlyList<TKey> Keys => _order;

    /// <summary>How many keys received values.</summary>
    public int Count => _order.Count;

    public void Add(TKey key, TValue value)
    {
        if (!_values.TryGetValue(key, out var list))
        {
            list = _free.Count > 0 ? _free.Pop() : [];
            _values.Add(key, list);
            _order.Add(key);
        }

        list.Add(value);
    }

    /// <summary>The values of <paramref name="key"/> in arrival order (empty when none arrived).</summary>
    public IReadOnlyList<TValue> ValuesOf(TKey key) => _values.TryGetValue(key, out var list) ? list : [];

    public bool Contains(TKey key) => _values.ContainsKey(key);

    public void Clear()
    {
        foreach (var list in _values.Values)
        {
            list.Clear();
            _free.Push(list);
        }

        _values.Clear();
        _order.Clear();
    }
}
