namespace Sluice.Persistence;

/// <summary>Identifies a snapshot: whose state, after which event, taken when.</summary>
/// <param name="PersistenceId">Persistence id of the actor whose state the snapshot holds.</param>
/// <param name="SequenceNr">Sequence number of the last event the snapshot includes.</param>
/// <param name="Timestamp">When the snapshot was taken (UTC). In a delete, <c>default</c> (<see cref="DateTime.MinValue"/>) matches any time.</param>
public sealed record SnapshotMetadata(string PersistenceId, long SequenceNr, DateTime Timestamp = default);
