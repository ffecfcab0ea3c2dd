namespace Sluice.Persistence;

/// <summary>A snapshot loaded from a snapshot store.</summary>
/// <param name="Metadata">Whose state, after which event, taken when.</param>
/// <param name="Snapshot">The deserialized state.</param>
public sealed record SelectedSnapshot(SnapshotMetadata Metadata, object Snapshot);
