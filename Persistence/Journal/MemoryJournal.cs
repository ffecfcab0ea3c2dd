using Sluice.Persistence.Serialization;

namespace Sluice.Persistence.Journal;

/// <summary>
/// A journal in memory, for unit tests only: it loses everything with the process. It still serializes every
/// payload, so rejections and round trips behave as in the real stores.
/// </summary>
public sealed class MemoryJournal : IJournalStore
{
    private readonly Lock _lock = new();
    private readonly SerializerRegistry _registry;
    private readonly Dictionary<string, SortedDictionary<long, Stored>> _byPid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, Stored> _byOrdering = new();
    private long _ordering;

    /// <summary>Creates an empty journal.</summary>
    /// <param name="registry">Serializers; null uses a new default registry.</param>
    public MemoryJournal(SerializerRegistry? registry = null) => _registry = registry ?? new SerializerRegistry();

    /// <inheritdoc />
    public Task<IReadOnlyList<Exception?>> WriteMessagesAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var prepared = PreparedWrites.Prepare(_registry, writes);
        lock (_lock)
        {
            // All or nothing for the call, like one database transaction: check every row before storing any.
            var seen = new HashSet<(string, long)>();
            foreach (var rows in prepared.Rows)
            {
                foreach (var row in rows ?? [])
                {
                    if (!seen.Add((row.PersistenceId, row.SequenceNr))
                        || (_byPid.TryGetValue(row.PersistenceId, out var events) && events.ContainsKey(row.SequenceNr)))
                    {
                        throw PreparedWrites.Conflict(row.PersistenceId, row.SequenceNr, null);
                    }
                }
            }

            foreach (var rows in prepared.Rows)
            {
                foreach (var row in rows ?? [])
                {
                    var stored = new Stored(++_ordering, row);
                    if (!_byPid.TryGetValue(row.PersistenceId, out var events))
                    {
                        _byPid[row.PersistenceId] = events = [];
                    }

                    events[row.SequenceNr] = stored;
                    _byOrdering[stored.Ordering] = stored;
                    _highest[row.PersistenceId] = Math.Max(_highest.GetValueOrDefault(row.PersistenceId), row.SequenceNr);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<Exception?>>(prepared.Results);
    }

    /// <inheritdoc />
    public Task ReplayMessagesAsync(
        string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<PersistentRepresentation> onReplayed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onReplayed);
        var selected = new List<Stored>();
        lock (_lock)
        {
            if (_byPid.TryGetValue(persistenceId, out var events))
            {
                foreach (var (sequenceNr, stored) in events)
                {
                    if (selected.Count >= max || sequenceNr > toSequenceNr)
                    {
                        break;
                    }

                    if (sequenceNr >= fromSequenceNr)
                    {
                        selected.Add(stored);
                    }
                }
            }
        }

        foreach (var stored in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            onReplayed(Read(stored.Row));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_highest.GetValueOrDefault(persistenceId));
        }
    }

    /// <inheritdoc />
    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_byPid.TryGetValue(persistenceId, out var events))
            {
                var deleted = new List<long>();
                foreach (var (sequenceNr, stored) in events)
                {
                    if (sequenceNr > toSequenceNr)
                    {
                        break;
                    }

                    deleted.Add(sequenceNr);
                    _byOrdering.Remove(stored.Ordering);
                }

                foreach (var sequenceNr in deleted)
                {
                    events.Remove(sequenceNr);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReplayAllAsync(long fromOrdering, long max, Action<OrderedEvent> onReplayed, CancellationToken cancellationToken) =>
        ReplayOrdered(null, fromOrdering, max, onReplayed, cancellationToken);

    /// <inheritdoc />
    public Task ReplayTaggedAsync(string tag, long fromOrdering, long max, Action<OrderedEvent> onReplayed, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        return ReplayOrdered(tag, fromOrdering, max, onReplayed, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>False: writes take the journal's lock, so orderings appear in the order they are assigned.</remarks>
    public bool OrderingGapsMayFill => false;

    /// <inheritdoc />
    public Task<OrderingScan> ScanOrderingsAsync(long fromOrdering, CancellationToken cancellationToken)
    {
        var next = Math.Max(fromOrdering, 1);
        long highest = 0;
        var found = false;
        lock (_lock)
        {
            foreach (var ordering in _byOrdering.Keys)
            {
                highest = ordering;
                if (!found && ordering >= next)
                {
                    if (ordering == next)
                    {
                        next++;
                    }
                    else
                    {
                        found = true;
                    }
                }
            }
        }

        return Task.FromResult(new OrderingScan(highest, next));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task ReplayOrdered(string? tag, long fromOrdering, long max, Action<OrderedEvent> onReplayed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onReplayed);
        var selected = new List<Stored>();
        lock (_lock)
        {
            foreach (var (ordering, stored) in _byOrdering)
            {
                if (selected.Count >= max)
                {
                    break;
                }

                if (ordering >= fromOrdering && (tag is null || Array.BinarySearch(stored.Row.Tags, tag, StringComparer.Ordinal) >= 0))
                {
                    selected.Add(stored);
                }
            }
        }

        foreach (var stored in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            onReplayed(new OrderedEvent(stored.Ordering, Read(stored.Row)));
        }

        return Task.CompletedTask;
    }

    private PersistentRepresentation Read(JournalRow row) => PayloadCodec.ReadEvent(
        _registry, row.PersistenceId, row.SequenceNr, row.Payload, row.WriterGuid, row.TimestampTicks, row.Tags);

    private sealed record Stored(long Ordering, JournalRow Row);
}
