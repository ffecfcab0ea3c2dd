using System.Data.Common;
using Sluice.Persistence.Serialization;

namespace Sluice.Persistence.Snapshots;

/// <summary>Reading a stored snapshot back, shared by the stores.</summary>
internal static class SnapshotRows
{
    public static SelectedSnapshot Read(SerializerRegistry registry, SnapshotMetadata metadata, in SerializedPayload payload)
    {
        var snapshot = PayloadCodec.Deserialize(
            registry, payload, metadata.PersistenceId, metadata.SequenceNr,
            static (pid, seq) => $"Loading the snapshot of '{pid}' at sequence number {seq} failed");
        return new SelectedSnapshot(metadata, snapshot);
    }

    /// <summary>The first row of a query selecting persistence_id, sequence_nr, timestamp_ticks, serializer_id,
    /// manifest, payload; null when there is none.</summary>
    public static async Task<SelectedSnapshot?> ReadFirstAsync(DbDataReader reader, SerializerRegistry registry, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var metadata = new SnapshotMetadata(reader.GetString(0), reader.GetInt64(1), new DateTime(reader.GetInt64(2), DateTimeKind.Utc));
        return Read(registry, metadata, new SerializedPayload(reader.GetInt32(3), reader.GetString(4), (byte[])reader.GetValue(5)));
    }
}
