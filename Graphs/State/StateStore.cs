using System.Buffers;
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
 * data (records, primitives, tuples, lists). A snapshot is one JSON array [count, key, state, key, state, ...] and a
 * changelog entry [[key, state, ...], [removed key, ...]], written and read in one pass (StateCodec) with no object
 * per entry; the first formats (a list of {Key, Value} objects, an object of two lists) are still read.
 */

/// <summary>Keyed state of one operator in one shard, tracking the keys changed in the current epoch.</summary>
/// <typeparam name="TKey">The key (for a windowed aggregation: window and grouping key).</typeparam>
/// <typeparam name="TState">The state per key.</typeparam>
public sealed class StateStore<TKey, TState> : IStateStore
    where TKey : notnull
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };
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
        // [[key, state, key, state, ...], [removed key, ...]]
        var buffer = new ArrayBufferWriter<byte>(EstimateSize(_changed.Count));
        var entries = 0;
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            writer.WriteStartArray();
            foreach (var (key, removed) in _changed)
            {
                if (removed) continue;
                StateCodec<TKey>.Write(writer, key);
                StateCodec<TState>.Write(writer, _entries[key]);
                entries++;
            }

            writer.WriteEndArray();
            writer.WriteStartArray();
            foreach (var (key, removed) in _changed)
            {
                if (removed) StateCodec<TKey>.Write(writer, key);
            }

            writer.WriteEndArray();
            writer.WriteEndArray();
        }

        if (entries > 0)
        {
            _averageEntryBytes = (double)buffer.WrittenCount / _changed.Count;
        }

        _changed.Clear();
        _updated = 0;
        _removed = 0;
        return buffer.WrittenSpan.ToArray();
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
            _entries[key] = StateCodec<TState>.Read(ref reader);
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
        // [count, key, state, key, state, ...]: the count first, so that a restore sizes the dictionary once.
        var buffer = new ArrayBufferWriter<byte>(EstimateSize(_entries.Count));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(_entries.Count);
            foreach (var (key, state) in _entries)
            {
                StateCodec<TKey>.Write(writer, key);
                StateCodec<TState>.Write(writer, state);
            }

            writer.WriteEndArray();
        }

        if (_entries.Count > 0)
        {
            _averageEntryBytes = (double)buffer.WrittenCount / _entries.Count;
        }

        return buffer.WrittenSpan.ToArray();
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
        _changed.Clear();
        _updated = 0;
        _removed = 0;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            _entries.EnsureCapacity(reader.GetInt32());
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var key = StateCodec<TKey>.Read(ref reader);
                reader.Read();
                _entries[key] = StateCodec<TState>.Read(ref reader);
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
            _entries[key] = state;
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
            _entries[key] = state;
        }
    }

    private void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        if (reader.TokenType != expected)
        {
            throw new InvalidDataException($"State store '{Name}': {what} starts with {reader.TokenType} at byte {reader.TokenStartIndex}, not {expected}.");
        }
    }

    private int EstimateSize(int entries) => (int)Math.Clamp((_averageEntryBytes > 0 ? _averageEntryBytes : 16) * entries * 1.1, 256, Array.MaxLength / 2);

    private void MarkUpdated(TKey key)
    {
        ref var removed = ref CollectionsMarshal.GetValueRefOrAddDefault(_changed, key, out var known);
        if (!known || removed)
        {
            _updated++;
        }

        removed = false;
    }

    private sealed record LegacyChanges(List<KeyValuePair<TKey, TState>> Upserts, List<TKey> Removals);
}
