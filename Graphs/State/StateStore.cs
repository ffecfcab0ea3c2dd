using System.Runtime.InteropServices;
using System.Text.Json;

namespace Sluice.Graphs.State;

/*
 * The keyed state of one stateful operator in one shard: a dictionary, plus the set of keys changed in the current
 * epoch. At the end of an epoch the shard host calls TakeChanges and persists the result as one changelog event
 * (DESIGN 4.4 step 3); every few epochs it persists Snapshot instead. Values are read when the changes are taken, so
 * a mutable state object changed in place after Put is captured in its final form.
 *
 * Keys and states are serialized with System.Text.Json (fields included, so value tuples work): they must be plain
 * data (records, primitives, tuples, lists).
 */

/// <summary>Keyed state of one operator in one shard, tracking the keys changed in the current epoch.</summary>
/// <typeparam name="TKey">The key (for a windowed aggregation: window and grouping key).</typeparam>
/// <typeparam name="TState">The state per key.</typeparam>
public sealed class StateStore<TKey, TState> : IStateStore
    where TKey : notnull
{
    private readonly Dictionary<TKey, TState> _entries;
    private readonly Dictionary<TKey, bool> _changed; // key -> removed
    private long _updated;
    private long _removed;
    private double _averageEntryBytes;

    /// <summary>Creates an empty store.</summary>
    /// <param name="name">Unique within its operator.</param>
    /// <param name="comparer">Key comparer, or null for the default.</param>
    public StateStore(string name, IEqualityComparer<TKey>? comparer = null)
    {
        Name = name;
        _entries = new Dictionary<TKey, TState>(comparer);
        _changed = new Dictionary<TKey, bool>(comparer);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public long UpdatedKeys => _updated;

    /// <inheritdoc />
    public long RemovedKeys => _removed;

    /// <inheritdoc />
    public long EstimatedBytes => (long)(_averageEntryBytes * _entries.Count);

    /// <summary>The entries; do not change the store while enumerating (collect keys to remove first).</summary>
    public IEnumerable<KeyValuePair<TKey, TState>> Entries => _entries;

    /// <summary>Reads the state of <paramref name="key"/>.</summary>
    public bool TryGet(TKey key, out TState state) => _entries.TryGetValue(key, out state!);

    /// <summary>True when <paramref name="key"/> has state.</summary>
    public bool ContainsKey(TKey key) => _entries.ContainsKey(key);

    /// <summary>Sets the state of <paramref name="key"/>.</summary>
    public void Put(TKey key, TState state)
    {
        _entries[key] = state;
        MarkUpdated(key);
    }

    /// <summary>
    /// A reference to the state of <paramref name="key"/>, added with its default value when missing; the key counts as
    /// updated. The reference is valid until the store next changes. The fast path for counters.
    /// </summary>
    public ref TState GetOrAddRef(TKey key, out bool existed)
    {
        MarkUpdated(key);
        return ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out existed)!;
    }

    /// <summary>Removes the state of <paramref name="key"/>; false when it had none.</summary>
    public bool Remove(TKey key)
    {
        if (!_entries.Remove(key))
        {
            return false;
        }

        ref var removed = ref CollectionsMarshal.GetValueRefOrAddDefault(_changed, key, out var known);
        if (!known || !removed)
        {
            _removed++;
        }

        removed = true;
        return true;
    }

    /// <inheritdoc />
    public byte[] TakeChanges()
    {
        var upserts = new List<KeyValuePair<TKey, TState>>();
        var removals = new List<TKey>();
        foreach (var (key, removed) in _changed)
        {
            if (removed)
            {
                removals.Add(key);
            }
            else
            {
                upserts.Add(new KeyValuePair<TKey, TState>(key, _entries[key]));
            }
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(new Changes(upserts, removals), StateSerialization.Options);
        if (upserts.Count > 0)
        {
            _averageEntryBytes = (double)bytes.Length / (upserts.Count + removals.Count);
        }

        _changed.Clear();
        _updated = 0;
        _removed = 0;
        return bytes;
    }

    /// <inheritdoc />
    public void ApplyChanges(ReadOnlySpan<byte> changes)
    {
        var delta = JsonSerializer.Deserialize<Changes>(changes, StateSerialization.Options)
            ?? throw new InvalidDataException($"State store '{Name}': a changelog entry is empty.");
        foreach (var (key, state) in delta.Upserts)
        {
            _entries[key] = state;
        }

        foreach (var key in delta.Removals)
        {
            _entries.Remove(key);
        }
    }

    /// <inheritdoc />
    public byte[] Snapshot()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(_entries.ToList(), StateSerialization.Options);
        if (_entries.Count > 0)
        {
            _averageEntryBytes = (double)bytes.Length / _entries.Count;
        }

        return bytes;
    }

    /// <inheritdoc />
    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        var entries = JsonSerializer.Deserialize<List<KeyValuePair<TKey, TState>>>(snapshot, StateSerialization.Options)
            ?? throw new InvalidDataException($"State store '{Name}': the snapshot is empty.");
        _entries.Clear();
        foreach (var (key, state) in entries)
        {
            _entries[key] = state;
        }

        _changed.Clear();
        _updated = 0;
        _removed = 0;
        if (entries.Count > 0)
        {
            _averageEntryBytes = (double)snapshot.Length / entries.Count;
        }
    }

    private void MarkUpdated(TKey key)
    {
        ref var removed = ref CollectionsMarshal.GetValueRefOrAddDefault(_changed, key, out var known);
        if (!known || removed)
        {
            _updated++;
        }

        removed = false;
    }

    private sealed record Changes(List<KeyValuePair<TKey, TState>> Upserts, List<TKey> Removals);
}
