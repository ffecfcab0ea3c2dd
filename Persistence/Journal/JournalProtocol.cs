using Sluice.Actors;

namespace Sluice.Persistence.Journal;

/// <summary>A persistent actor asks the journal actor to store its atomic writes (in order).</summary>
internal sealed record WriteRequest(IReadOnlyList<AtomicWrite> Writes, IActorRef Writer, int InstanceId);

/// <summary>The outcome of one atomic write, sent to its writer in request order: stored when both causes are null.</summary>
internal sealed record WriteResult(AtomicWrite Write, int InstanceId, Exception? Rejection, Exception? Failure);

/// <summary>A write transaction finished (sent by the task that ran it to the journal actor), after <paramref name="Took"/>.</summary>
internal sealed record BatchCompleted(long BatchNr, IReadOnlyList<WriteRequest> Requests, IReadOnlyList<RequestOutcome> Outcomes, TimeSpan Took);

/// <summary>The outcome of one request in a batch: per-write rejections, or a failure of the whole request.</summary>
internal readonly record struct RequestOutcome(IReadOnlyList<Exception?>? Results, Exception? Failure);

/// <summary>Sent by a new persistent actor instance to itself to begin recovery after messages queued before it.</summary>
internal sealed record StartRecovery(int InstanceId);

/// <summary>Recovery loaded this snapshot (or none) and replays from after it.</summary>
internal sealed record RecoverySnapshot(int InstanceId, SelectedSnapshot? Snapshot);

/// <summary>Replayed events, in order (sent in chunks: one message per event made actor recovery mailbox-bound).</summary>
internal sealed record RecoveryReplayed(int InstanceId, PersistentRepresentation[] Events);

/// <summary>Recovery replayed everything; the journal's highest sequence number for the actor.</summary>
internal sealed record RecoveryFinished(int InstanceId, long HighestSequenceNr);

/// <summary>Recovery failed after replaying up to <paramref name="LastSequenceNr"/>.</summary>
internal sealed record RecoveryFailed(int InstanceId, Exception Cause, long LastSequenceNr);

/// <summary>A persistent actor asks to be recovered; the journal actor starts it once no write of the id is outstanding.</summary>
internal sealed record RecoverRequest(string PersistenceId, Recovery Recovery, IActorRef Actor, int InstanceId);
