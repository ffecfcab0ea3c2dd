using System.Buffers;
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
 * data (records, primitives, tuples, lists). A snapshot is one JSON array [count, key, state, key, state, ...] and a
 * changelog entry [[key, state, ...], [removed key, ...]], written and read in one pass (StateCodec) with no object
 * per entry; the first formats (a list of {Key, Value} objects, an object of two lists) are still read.
 */

/// <summary>Keyed state of one operator in one shard, tracking the keys changed in the current epoch.</summary>
/// <typeparam name="TKey">The key (for a windowed aggregation: window and grouping key).</typeparam>
/// <typeparam name="TState">The state per key.</typeparam>
public sealed class StateStore<TKey, TState> : IStateStore, IDeferredStateStore
    where TKey : notnull
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };
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
    public ref TState GetOrAddRef(TKey key, out bool existed) => ref GetOrAddRef(key, out existed, out _);

    /// <summary>
    /// <see cref="GetOrAddRef(TKey, out bool)"/>, also giving the key object the store holds (equal to
    /// <paramref name="key"/>): output rows that carry it keep no extra copy of the key alive.
    /// </summary>
    public ref TState GetOrAddRef(TKey key, out bool existed, out TKey storedKey)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out existed);
        if (!existed)
        {
            slot.Key = key;
        }

        if (!slot.Changed)
        {
            slot.Changed = true;
            _changedKeys.Add(slot.Key); // the stored key: the caller's equal copy may be young garbage the list would keep alive
            _updated++;
            if (!existed && _removedKeys.Count > 0)
            {
                _removedKeys.Remove(key);
            }
        }

        storedKey = slot.Key;
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
            var sample = new RowList<KeyValuePair<TKey, TState>>();
            sample.AddRange(capture.Upserts.Take(32));
            _averageEntryBytes = (double)WriteChanges(sample, [], 0).Length / sample.Count;
        }

        return Settled(capture);
    }

    /// <inheritdoc />
    IStateCapture IDeferredStateStore.SnapshotDeferred() => Settled(CaptureSnapshot());

    private SnapshotCapture CaptureSnapshot()
    {
        var entries = new RowList<KeyValuePair<TKey, TState>>();
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
        var upserts = new RowList<KeyValuePair<TKey, TState>>(); // segmented: an epoch's changes stay off the large object heap
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
        var reader = new Utf8JsonReader(changes);
        if (!reader.Read())
        {
            throw new InvalidDataException($"State store '{Name}': a changelog entry is empty.");
        }

        if (reader.TokenType == JsonTokenType.StartObject)
        {
            ApplyLegacyChanges(changes);
            return;
        }

        Expect(ref reader, JsonTokenType.StartArray, "a changelog entry");
        reader.Read();
        Expect(ref reader, JsonTokenType.StartArray, "the upserts of a changelog entry");
        var upserts = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var key = StateCodec<TKey>.Read(ref reader);
            reader.Read();
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out _);
            slot.Key = key;
            slot.Value = StateCodec<TState>.Read(ref reader);
            upserts++;
        }

        reader.Read();
        Expect(ref reader, JsonTokenType.StartArray, "the removals of a changelog entry");
        var removals = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            _entries.Remove(StateCodec<TKey>.Read(ref reader));
            removals++;
        }

        if (upserts > 0)
        {
            _averageEntryBytes = (double)changes.Length / (upserts + removals);
        }
    }

    /// <inheritdoc />
    public byte[] Snapshot()
    {
        // Written straight from the dictionary (no copy): the sharded host snapshots synchronously.
        using var buffer = new PooledByteWriter(EstimateSize(_averageEntryBytes, _entries.Count));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(_entries.Count);
            foreach (var (key, slot) in _entries)
            {
                StateCodec<TKey>.Write(writer, key);
                StateCodec<TState>.Write(writer, slot.Value);
            }

            writer.WriteEndArray();
        }

        if (_entries.Count > 0)
        {
            _averageEntryBytes = (double)buffer.WrittenCount / _entries.Count;
        }

        return buffer.ToArray();
    }

    /// <inheritdoc />
    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        var reader = new Utf8JsonReader(snapshot);
        if (!reader.Read())
        {
            throw new InvalidDataException($"State store '{Name}': the snapshot is empty.");
        }

        Expect(ref reader, JsonTokenType.StartArray, "a snapshot");
        _entries.Clear();
        _changedKeys.Clear();
        _removedKeys.Clear();
        _updated = 0;
        _removed = 0;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            // [count, key, state, ...]: the count first, so that the dictionary is sized once.
            _entries.EnsureCapacity(reader.GetInt32());
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var key = StateCodec<TKey>.Read(ref reader);
                reader.Read();
                _entries[key] = new Slot { Key = key, Value = StateCodec<TState>.Read(ref reader) };
            }
        }
        else if (reader.TokenType != JsonTokenType.EndArray)
        {
            RestoreLegacy(snapshot);
        }

        if (_entries.Count > 0)
        {
            _averageEntryBytes = (double)snapshot.Length / _entries.Count;
        }
    }

    /// <summary>Reads a changelog entry of the first format (an object of two lists), as written before version 0.4.</summary>
    private void ApplyLegacyChanges(ReadOnlySpan<byte> changes)
    {
        var delta = JsonSerializer.Deserialize<LegacyChanges>(changes, StateSerialization.Options)
            ?? throw new InvalidDataException($"State store '{Name}': a changelog entry is empty.");
        foreach (var (key, state) in delta.Upserts)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out _);
            slot.Key = key;
            slot.Value = state;
        }

        foreach (var key in delta.Removals)
        {
            _entries.Remove(key);
        }
    }

    /// <summary>Reads a snapshot of the first format (a list of key/value objects), as written before version 0.4.</summary>
    private void RestoreLegacy(ReadOnlySpan<byte> snapshot)
    {
        var entries = JsonSerializer.Deserialize<List<KeyValuePair<TKey, TState>>>(snapshot, StateSerialization.Options)
            ?? throw new InvalidDataException($"State store '{Name}': the snapshot is empty.");
        foreach (var (key, state) in entries)
        {
            _entries[key] = new Slot { Key = key, Value = state };
        }
    }

    private void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        if (reader.TokenType != expected)
        {
            throw new InvalidDataException($"State store '{Name}': {what} starts with {reader.TokenType} at byte {reader.TokenStartIndex}, not {expected}.");
        }
    }

    private static int EstimateSize(double averageEntryBytes, int entries) =>
        (int)Math.Clamp((averageEntryBytes > 0 ? averageEntryBytes : 16) * entries * 1.1, 256, Array.MaxLength / 2);

    /// <summary>A changelog entry: [[key, state, key, state, ...], [removed key, ...]].</summary>
    private static byte[] WriteChanges(RowList<KeyValuePair<TKey, TState>> upserts, List<TKey> removals, double averageEntryBytes)
    {
        using var buffer = new PooledByteWriter(EstimateSize(averageEntryBytes, upserts.Count + removals.Count));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            writer.WriteStartArray();
            foreach (var (key, state) in upserts)
            {
                StateCodec<TKey>.Write(writer, key);
                StateCodec<TState>.Write(writer, state);
            }

            writer.WriteEndArray();
            writer.WriteStartArray();
            foreach (var key in removals)
            {
                StateCodec<TKey>.Write(writer, key);
            }

            writer.WriteEndArray();
            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>A snapshot: [count, key, state, key, state, ...].</summary>
    private static byte[] WriteSnapshot(RowList<KeyValuePair<TKey, TState>> entries, double averageEntryBytes)
    {
        using var buffer = new PooledByteWriter(EstimateSize(averageEntryBytes, entries.Count));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(entries.Count);
            foreach (var (key, state) in entries)
            {
                StateCodec<TKey>.Write(writer, key);
                StateCodec<TState>.Write(writer, state);
            }

            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>A state, its key as stored in the dictionary, and whether it was written this epoch.</summary>
    private struct Slot
    {
        public TKey Key;
        public TState Value;
        public bool Changed;
    }

    private sealed record Changes(RowList<KeyValuePair<TKey, TState>> Upserts, List<TKey> Removals);

    private sealed record LegacyChanges(List<KeyValuePair<TKey, TState>> Upserts, List<TKey> Removals);

    /// <summary>An epoch's changes, copied out of the store; serialized when first asked (and then remembered).</summary>
    private sealed class ChangesCapture(StateStore<TKey, TState> store, Changes changes) : IStateCapture
    {
        private byte[]? _bytes;

        public RowList<KeyValuePair<TKey, TState>> Upserts => changes.Upserts;

        public byte[] Serialize()
        {
            if (_bytes is null)
            {
                _bytes = WriteChanges(changes.Upserts, changes.Removals, store._averageEntryBytes);
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
    private sealed class SnapshotCapture(StateStore<TKey, TState> store, RowList<KeyValuePair<TKey, TState>> entries) : IStateCapture
    {
        private byte[]? _bytes;

        public byte[] Serialize()
        {
            if (_bytes is null)
            {
                _bytes = WriteSnapshot(entries, store._averageEntryBytes);
                if (entries.Count > 0)
                {
                    store._averageEntryBytes = (double)_bytes.Length / entries.Count;
                }
            }

            return _bytes;
        }
    }
}
