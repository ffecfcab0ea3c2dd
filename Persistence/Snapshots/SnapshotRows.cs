using Sluice.Persistence.Serialization;

namespace Sluice.Persistence.Snapshots;

/// <summary>Reading a stored snapshot back, shared by the stores.</summary>
internal static class SnapshotRows
{
    public static SelectedSnapshot Read(SerializerRegistry registry, SnapshotMetadata metadata, in SerializedPayload payload)
    {
        var snapshot = PayloadCodec.Deserialize(
            registry, payload,
            () => $"Loading the snapshot of '{metadata.PersistenceId}' at sequence number {metadata.SequenceNr} failed");
        return new SelectedSnapshot(metadata, snapshot);
    }

    public static SnapshotMetadata Metadata(string persistenceId, long sequenceNr, long timestampTicks) =>
        new(persistenceId, sequenceNr, new DateTime(timestampTicks, DateTimeKind.Utc));
}
