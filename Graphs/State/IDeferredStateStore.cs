namespace Sluice.Graphs.State;

/// <summary>
/// A state store that can hand its changes and snapshots over as copies to serialize later: the local backend keeps
/// them in memory and serializes only when a query restarts, so an epoch's end costs a copy, not a JSON pass.
/// </summary>
internal interface IDeferredStateStore
{
    /// <summary>The changes since the last take, as <see cref="IStateStore.TakeChanges"/> would serialize them; starts tracking afresh.</summary>
    IStateCapture TakeChangesDeferred();

    /// <summary>Every entry, as <see cref="IStateStore.Snapshot"/> would serialize them.</summary>
    IStateCapture SnapshotDeferred();
}

/// <summary>State copied out of a store at one moment; the bytes its serialization gives are the same at any later time.</summary>
internal interface IStateCapture
{
    byte[] Serialize();
}
