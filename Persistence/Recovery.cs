namespace Sluice.Persistence;

/// <summary>How a persistent actor recovers: from which snapshot, up to which event, at most how many events.</summary>
/// <param name="FromSnapshot">Which snapshot to start from (<see cref="SnapshotSelectionCriteria.None"/>: replay all events).</param>
/// <param name="ToSequenceNr">Replay events up to this sequence number (inclusive).</param>
/// <param name="ReplayMax">Replay at most this many events.</param>
/// <example><code>protected override Recovery Recovery => new(SnapshotSelectionCriteria.None, toSequenceNr: 10);</code></example>
public sealed record Recovery(SnapshotSelectionCriteria FromSnapshot, long ToSequenceNr = long.MaxValue, long ReplayMax = long.MaxValue)
{
    /// <summary>The latest snapshot, then every later event.</summary>
    public static Recovery Default { get; } = new(SnapshotSelectionCriteria.Latest);

    /// <summary>No snapshot and no events: the actor starts empty, but continues after the highest stored sequence number.</summary>
    public static Recovery None { get; } = new(SnapshotSelectionCriteria.None, 0);
}
