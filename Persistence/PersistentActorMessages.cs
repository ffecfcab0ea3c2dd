namespace Sluice.Persistence;

/// <summary>Offered to <c>ReceiveRecover</c> first when recovery starts from a snapshot.</summary>
/// <param name="Metadata">Whose state, after which event, taken when.</param>
/// <param name="Snapshot">The state saved with <c>SaveSnapshot</c>.</param>
public sealed record SnapshotOffer(SnapshotMetadata Metadata, object Snapshot);

/// <summary>Sent to <c>ReceiveRecover</c> last, after every event was replayed; commands follow.</summary>
public sealed class RecoveryCompleted
{
    private RecoveryCompleted() { }

    /// <summary>The single instance.</summary>
    public static RecoveryCompleted Instance { get; } = new();
}

/// <summary>A snapshot requested with <c>SaveSnapshot</c> is stored (sent to <c>ReceiveCommand</c>).</summary>
/// <param name="Metadata">The snapshot's metadata.</param>
public sealed record SaveSnapshotSuccess(SnapshotMetadata Metadata);

/// <summary>A snapshot requested with <c>SaveSnapshot</c> could not be stored (sent to <c>ReceiveCommand</c>).</summary>
/// <param name="Metadata">The snapshot's metadata.</param>
/// <param name="Cause">Why.</param>
public sealed record SaveSnapshotFailure(SnapshotMetadata Metadata, Exception Cause);

/// <summary>Events up to a sequence number were deleted (sent to <c>ReceiveCommand</c>).</summary>
/// <param name="ToSequenceNr">Last deleted sequence number.</param>
public sealed record DeleteMessagesSuccess(long ToSequenceNr);

/// <summary>Deleting events failed (sent to <c>ReceiveCommand</c>).</summary>
/// <param name="Cause">Why.</param>
/// <param name="ToSequenceNr">Requested last sequence number.</param>
public sealed record DeleteMessagesFailure(Exception Cause, long ToSequenceNr);

/// <summary>Snapshots matching criteria were deleted (sent to <c>ReceiveCommand</c>).</summary>
/// <param name="Criteria">The criteria.</param>
public sealed record DeleteSnapshotsSuccess(SnapshotSelectionCriteria Criteria);

/// <summary>Deleting snapshots failed (sent to <c>ReceiveCommand</c>).</summary>
/// <param name="Criteria">The criteria.</param>
/// <param name="Cause">Why.</param>
public sealed record DeleteSnapshotsFailure(SnapshotSelectionCriteria Criteria, Exception Cause);
