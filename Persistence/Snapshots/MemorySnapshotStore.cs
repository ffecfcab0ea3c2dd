using Sluice.Persistence.Serialization;

namespace Sluice.Persistence.Snapshots;

/// <summary>
/// A snapshot store in memory, for unit tests only. It still serializes every snapshot.
/// </summary>
public sealed class MemorySnapshotStore : ISnapshotStore
{
    private readonly Lock _lock = new();
    private readonly SerializerRegistry _registry;
    private readonly Dictionary<string, SortedDictionary<long, Stored>> _byPid = new(StringComparer.Ordinal);

    /// <summary>Creates an empty store.</summary>
    /// <param name="registry">Serializers; null uses a new default registry.</param>
    public MemorySnapshotStore(SerializerRegistry? registry = null) => _registry = registry ?? new SerializerRegistry();

    /// <inheritdoc />
    public Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var payload = PayloadCodec.Serialize(_registry, snapshot, "snapshot", metadata.PersistenceId, metadata.SequenceNr);
        var stored = new Stored(metadata with { Timestamp = new DateTime(PayloadCodec.TimestampTicks(metadata.Timestamp), DateTimeKind.Utc) }, payload);
        lock (_lock)
        {
            if (!_byPid.TryGetValue(metadata.PersistenceId, out var snapshots))
            {
                _byPid[metadata.PersistenceId] = snapshots = [];
            }

            snapshots[metadata.SequenceNr] = stored;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        Stored? youngest = null;
        lock (_lock)
        {
            if (_byPid.TryGetValue(persistenceId, out var snapshots))
            {
                foreach (var stored in snapshots.Values)
                {
                    if (criteria.Matches(stored.Metadata))
                    {
                        youngest = stored;
                    }
                }
            }
        }

        return Task.FromResult(youngest is null ? null : SnapshotRows.Read(_registry, youngest.Metadata, youngest.Payload));
    }

    /// <inheritdoc />
    public Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        lock (_lock)
        {
            if (_byPid.TryGetValue(metadata.PersistenceId, out var snapshots)
                && snapshots.TryGetValue(metadata.SequenceNr, out var stored)
                && (metadata.Timestamp == default || stored.Metadata.Timestamp <= metadata.Timestamp))
            {
                snapshots.Remove(metadata.SequenceNr);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        lock (_lock)
        {
            if (_byPid.TryGetValue(persistenceId, out var snapshots))
            {
                var deleted = new List<long>();
                foreach (var stored in snapshots.Values)
                {
                    if (criteria.Matches(stored.Metadata))
                    {
                        deleted.Add(stored.Metadata.SequenceNr);
                    }
                }

                foreach (var sequenceNr in deleted)
                {
                    snapshots.Remove(sequenceNr);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed record Stored(SnapshotMetadata Metadata, SerializedPayload Payload);
}
