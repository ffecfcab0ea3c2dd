using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Sluice.Graphs.State;

/*
 * The keyed state of one stateful operator in one shard: a dictionary, plus the set of keys changed in the current
 * epoch. At the end of an epoch the shard host calls TakeChanges and persists the result as one changelog event
 * (DESIGN 4.4 step 3); every few epochs it persists Snapshot instead. Values are read when the changes are taken, so
 * a mutable state object changed in place after Put is captured in its final form.
 *
 * Change tracking costs no second lookup on the hot path: each entry carries a "changed this epoch" flag, and the key
 * goes to a list the first time the flag is set, so GetOrAddRef is one dictionary operation. Removed keys are kept in
 * a separate set (they have no entry to flag).
 *
 * Keys and states are serialized with System.Text.Json (fields included, so value tuples work): they must be plain
 * data (records, primitives, tuples, lists).
 */

/// <summary>Keyed state of one operator in one shard, tracking the keys changed in the current epoch.</summary>
/// <typeparam name="TKey">The key (for a windowed aggregation: window and grouping key).</typeparam>
/// <typeparam name="TState">The state per key.</typeparam>
public sealed class StateStore<TKey, TState> : IStateStore, IDeferredStateStore
    where TKey : notnull
{
    private readonly Dictionary<TKey, Slot> _entries;
    private readonly List<TKey> _changedKeys = []; // keys whose flag was set this epoch, in order (twice if removed and put again)
    private readonly HashSet<TKey> _removedKeys; // removed this epoch and not put again
    private long _updated;
    private long _removed;
    private double _averageEntryBytes;

    /// <summary>Creates an empty store.</summary>
    /// <param name="name">Unique within its operator.</param>
    /// <param name="comparer">Key comparer, or null for the default.</param>
    public StateStore(string name, IEqualityComparer<TKey>? comparer = null)
    {
        Name = name;
        _entries = new Dictionary<TKey, Slot>(comparer);
        _removedKeys = new HashSet<TKey>(comparer);
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
    public IEnumerable<KeyValuePair<TKey, TState>> Entries
    {
        get
        {
            foreach (var (key, slot) in _entries)
            {
                yield return new KeyValuePair<TKey, TState>(key, slot.Value);
            }
        }
    }

    /// <summary>
    /// The keys written this epoch (since the last <see cref="TakeChanges"/>), in the order of their first write; a key
    /// removed and written again appears twice, and a removed key stays listed (check <see cref="TryGet"/>).
    /// </summary>
    internal IReadOnlyList<TKey> ChangedKeys => _changedKeys;

    /// <summary>Reads the state of <paramref name="key"/>.</summary>
    public bool TryGet(TKey key, out TState state)
    {
        if (_entries.TryGetValue(key, out var slot))
        {
            state = slot.Value;
            return true;
        }

        state = default!;
        return false;
    }

    /// <summary>True when <paramref name="key"/> has state.</summary>
    public bool ContainsKey(TKey key) => _entries.ContainsKey(key);

    /// <summary>Sets the state of <paramref name="key"/>.</summary>
    public void Put(TKey key, TState state) => GetOrAddRef(key, out _) = state;

    /// <summary>
    /// A reference to the state of <paramref name="key"/>, added with its default value when missing; the key counts as
    /// updated. The reference is valid until the store next changes. The fast path for counters.
    /// </summary>
    public ref TState GetOrAddRef(TKey key, out bool existed)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out existed);
        if (!slot.Changed)
        {
            slot.Changed = true;
            _changedKeys.Add(key);
            _updated++;
            if (!existed && _removedKeys.Count > 0)
            {
                _removedKeys.Remove(key);
            }
        }

        return ref slot.Value!;
    }

    /// <summary>Removes the state of <paramref name="key"/>; false when it had none.</summary>
    public bool Remove(TKey key)
    {
        if (!_entries.Remove(key))
        {
            return false;
        }

        if (_removedKeys.Add(key))
        {
            _removed++;
        }

        return true;
    }

    /// <inheritdoc />
    public byte[] TakeChanges() => CaptureChanges().Serialize();

    /// <inheritdoc />
    IStateCapture IDeferredStateStore.TakeChangesDeferred()
    {
        var capture = CaptureChanges();
        if (_averageEntryBytes == 0 && capture.Upserts.Count > 0)
        {
            // Never serialized yet: measure a sample, so that progress still reports the memory used.
            var sample = capture.Upserts.GetRange(0, Math.Min(32, capture.Upserts.Count));
            _averageEntryBytes = (double)JsonSerializer.SerializeToUtf8Bytes(sample, StateSerialization.Options).Length / sample.Count;
        }

        return Settled(capture);
    }

    /// <inheritdoc />
    IStateCapture IDeferredStateStore.SnapshotDeferred() => Settled(CaptureSnapshot());

    private SnapshotCapture CaptureSnapshot()
    {
        var entries = new List<KeyValuePair<TKey, TState>>(_entries.Count);
        foreach (var (key, slot) in _entries)
        {
            entries.Add(new KeyValuePair<TKey, TState>(key, slot.Value));
        }

        return new SnapshotCapture(this, entries);
    }

    /// <summary>
    /// A state that holds references may be an object changed in place later (a list in a join buffer): serialize it
    /// now, so the capture keeps this epoch's values. Plain values (counts, sums) can wait.
    /// </summary>
    private static IStateCapture Settled(IStateCapture capture)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<TState>())
        {
            capture.Serialize();
        }

        return capture;
    }

    private ChangesCapture CaptureChanges()
    {
        var upserts = new List<KeyValuePair<TKey, TState>>(_changedKeys.Count);
        foreach (var key in _changedKeys)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, key);
            if (!Unsafe.IsNullRef(ref slot) && slot.Changed)
            {
                slot.Changed = false;
                upserts.Add(new KeyValuePair<TKey, TState>(key, slot.Value));
            }
        }

        var removals = new List<TKey>(_removedKeys);
        _changedKeys.Clear();
        _removedKeys.Clear();
        _updated = 0;
        _removed = 0;
        return new ChangesCapture(this, new Changes(upserts, removals));
    }

    /// <inheritdoc />
    public void ApplyChanges(ReadOnlySpan<byte> changes)
    {
        var delta = JsonSerializer.Deserialize<Changes>(changes, StateSerialization.Options)
            ?? throw new InvalidDataException($"State store '{Name}': a changelog entry is empty.");
        foreach (var (key, state) in delta.Upserts)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out _).Value = state;
        }

        foreach (var key in delta.Removals)
        {
            _entries.Remove(key);
        }
    }

    /// <inheritdoc />
    public byte[] Snapshot() => CaptureSnapshot().Serialize();

    /// <inheritdoc />
    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        var entries = JsonSerializer.Deserialize<List<KeyValuePair<TKey, TState>>>(snapshot, StateSerialization.Options)
            ?? throw new InvalidDataException($"State store '{Name}': the snapshot is empty.");
        _entries.Clear();
        foreach (var (key, state) in entries)
        {
            _entries[key] = new Slot { Value = state };
        }

        _changedKeys.Clear();
        _removedKeys.Clear();
        _updated = 0;
        _removed = 0;
        if (entries.Count > 0)
        {
            _averageEntryBytes = (double)snapshot.Length / entries.Count;
        }
    }

    /// <summary>A state and whether it was written this epoch.</summary>
    private struct Slot
    {
        public TState Value;
        public bool Changed;
    }

    private sealed record Changes(List<KeyValuePair<TKey, TState>> Upserts, List<TKey> Removals);

    /// <summary>An epoch's changes, copied out of the store; serialized when first asked (and then remembered).</summary>
    private sealed class ChangesCapture(StateStore<TKey, TState> store, Changes changes) : IStateCapture
    {
        private byte[]? _bytes;

        public List<KeyValuePair<TKey, TState>> Upserts => changes.Upserts;

        public byte[] Serialize()
        {
            if (_bytes is null)
            {
                _bytes = JsonSerializer.SerializeToUtf8Bytes(changes, StateSerialization.Options);
                var entries = changes.Upserts.Count + changes.Removals.Count;
                if (changes.Upserts.Count > 0)
                {
                    // A plain field written from whichever thread serializes: an estimate for progress, nothing depends on it.
                    store._averageEntryBytes = (double)_bytes.Length / entries;
                }
            }

            return _bytes;
        }
    }

    /// <summary>Every entry, copied out of the store; serialized when first asked (and then remembered).</summary>
    private sealed class SnapshotCapture(StateStore<TKey, TState> store, List<KeyValuePair<TKey, TState>> entries) : IStateCapture
    {
        private byte[]? _bytes;

        public byte[] Serialize()
        {
            if (_bytes is null)
            {
                _bytes = JsonSerializer.SerializeToUtf8Bytes(entries, StateSerialization.Options);
                if (entries.Count > 0)
                {
                    store._averageEntryBytes = (double)_bytes.Length / entries.Count;
                }
            }

            return _bytes;
        }
    }
}
