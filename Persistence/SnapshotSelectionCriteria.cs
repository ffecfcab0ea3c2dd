namespace Sluice.Persistence;

/// <summary>
/// Which snapshots a load or delete considers: those whose sequence number and timestamp lie within the inclusive bounds.
/// A load returns the youngest (highest sequence number) match.
/// </summary>
/// <param name="MaxSequenceNr">Highest sequence number considered.</param>
/// <param name="MaxTimestamp">Latest timestamp considered.</param>
/// <param name="MinSequenceNr">Lowest sequence number considered.</param>
/// <param name="MinTimestamp">Earliest timestamp considered.</param>
public sealed record SnapshotSelectionCriteria(
    long MaxSequenceNr,
    DateTime MaxTimestamp,
    long MinSequenceNr = 0,
    DateTime MinTimestamp = default)
{
    /// <summary>Any snapshot: a load returns the latest one.</summary>
    public static SnapshotSelectionCriteria Latest { get; } = new(long.MaxValue, DateTime.MaxValue);

    /// <summary>No snapshot at all (recovery replays every event).</summary>
    public static SnapshotSelectionCriteria None { get; } = new(0, DateTime.MinValue);

    /// <summary>Snapshots up to a sequence number, taken at any time.</summary>
    /// <param name="maxSequenceNr">Highest sequence number considered.</param>
    /// <returns>The criteria.</returns>
    public static SnapshotSelectionCriteria UpTo(long maxSequenceNr) => new(maxSequenceNr, DateTime.MaxValue);

    /// <summary>Whether a snapshot with this metadata is within the criteria.</summary>
    /// <param name="metadata">The snapshot's metadata.</param>
    /// <returns>True when both its sequence number and timestamp are within the bounds.</returns>
    public bool Matches(SnapshotMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.SequenceNr >= MinSequenceNr && metadata.SequenceNr <= MaxSequenceNr
            && metadata.Timestamp >= MinTimestamp && metadata.Timestamp <= MaxTimestamp;
    }
}
