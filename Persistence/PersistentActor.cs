using Sluice.Actors;
using Sluice.Actors.Runtime;
using Sluice.Persistence.Journal;

namespace Sluice.Persistence;

/// <summary>
/// An event-sourced actor: commands produce events that are persisted to the journal and then applied to the state;
/// a new incarnation recovers its state by replaying the snapshot and the events. Commands that arrive during
/// recovery, and while a <see cref="Persist{T}"/> is in flight, wait in an internal stash and are processed after,
/// in order. A persist handler runs only after the event's transaction committed.
/// </summary>
/// <remarks>
/// Failures: a failed write stops the actor (<see cref="OnPersistFailure"/>; run it under a
/// <c>BackoffSupervisor</c> with <c>BackoffOptions.OnStop</c> so it comes back and recovers); a rejected event
/// (<see cref="OnPersistRejected"/>) is not stored and the actor goes on; a failed recovery stops the actor
/// (<see cref="OnRecoveryFailure"/>). Overrides of <see cref="ActorBase.PreRestart"/> and
/// <see cref="ActorBase.PostStop"/> must call the base method.
/// </remarks>
/// <example><code>
/// sealed class Counter(string id) : PersistentActor
/// {
///     int _count;
///     public override string PersistenceId => id;
///     protected override void ReceiveRecover(object message) { if (message is int n) _count += n; }
///     protected override void ReceiveCommand(object message) =>
///         Persist(1, n => { _count += n; Sender.Tell(_count); });
/// }
/// </code></example>
public abstract class PersistentActor : ActorBase
{
    private static int s_instances;

    private readonly int _instanceId = Interlocked.Increment(ref s_instances);
    private readonly string _writerGuid = Guid.NewGuid().ToString("N");
    private readonly SluicePersistence _persistence;
    private readonly ActorStash _internalStash;
    private readonly Queue<Invocation> _pending = new();
    private readonly List<AtomicWrite> _outgoing = [];
    private Phase _phase = Phase.WaitingForStart;
    private int _pendingStashing;
    private IActorRef? _handlerSender;

    /// <summary>Binds the actor to its system's persistence and schedules its recovery.</summary>
    protected PersistentActor()
    {
        _persistence = SluicePersistence.Get(Context.System);
        _internalStash = new ActorStash((ActorCell)Context, -1);
        Self.Tell(new StartRecovery(_instanceId), Self);
    }

    private enum Phase
    {
        WaitingForStart,
        Recovering,
        Running,
        Stopped,
    }

    /// <summary>The stable id of this actor's history in the journal.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>How this actor recovers (default: latest snapshot, then all later events).</summary>
    protected virtual Recovery Recovery => Recovery.Default;

    /// <summary>Sequence number of the last event persisted, replayed or assigned.</summary>
    public long LastSequenceNr { get; private set; }

    /// <summary>Sequence number of the snapshot recovery started from, or of the last one saved successfully.</summary>
    public long SnapshotSequenceNr { get; private set; }

    /// <summary>True until <see cref="RecoveryCompleted"/> was handled.</summary>
    public bool IsRecovering => _phase is Phase.WaitingForStart or Phase.Recovering;

    /// <summary>The sender of the command being processed; inside a persist handler, the sender of the command that persisted.</summary>
    protected new IActorRef Sender => _handlerSender ?? base.Sender;

    /// <summary>Handles a replayed event, a <see cref="SnapshotOffer"/> (first, if any) and <see cref="RecoveryCompleted"/> (last).</summary>
    /// <param name="message">The event or recovery message.</param>
    protected abstract void ReceiveRecover(object message);

    /// <summary>Handles a command (and replies such as <see cref="SaveSnapshotSuccess"/>).</summary>
    /// <param name="message">The command.</param>
    protected abstract void ReceiveCommand(object message);

    /// <summary>Persists an event; <paramref name="handler"/> runs after it is stored, and commands that arrive meanwhile wait.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="event">The event.</param>
    /// <param name="handler">Applies the event (runs on the actor; <see cref="Sender"/> is the command's sender).</param>
    protected void Persist<T>(T @event, Action<T> handler) where T : notnull => PersistCore([@event], handler, stashing: true);

    /// <summary>Persists events atomically; <paramref name="handler"/> runs for each, in order, after they are stored.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="events">The events.</param>
    /// <param name="handler">Applies one event.</param>
    protected void PersistAll<T>(IEnumerable<T> events, Action<T> handler) where T : notnull => PersistCore(events, handler, stashing: true);

    /// <summary>Like <see cref="Persist{T}"/>, but commands go on being processed while the write is in flight.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="event">The event.</param>
    /// <param name="handler">Applies the event; handlers run in persist order.</param>
    protected void PersistAsync<T>(T @event, Action<T> handler) where T : notnull => PersistCore([@event], handler, stashing: false);

    /// <summary>Like <see cref="PersistAll{T}"/>, but commands go on being processed while the write is in flight.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="events">The events.</param>
    /// <param name="handler">Applies one event.</param>
    protected void PersistAllAsync<T>(IEnumerable<T> events, Action<T> handler) where T : notnull => PersistCore(events, handler, stashing: false);

    /// <summary>Runs <paramref name="handler"/> after the handlers of all earlier persists (at once if none is pending); nothing is stored.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value handed to the handler.</param>
    /// <param name="handler">The action.</param>
    protected void Defer<T>(T value, Action<T> handler) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_pending.Count == 0)
        {
            handler(value);
            return;
        }

        _pendingStashing++;
        _pending.Enqueue(new Invocation(value, o => handler((T)o), Sender, Stashing: true, IsDefer: true, 0));
    }

    /// <summary>Saves a snapshot of the state after <see cref="LastSequenceNr"/>; replies <see cref="SaveSnapshotSuccess"/> or <see cref="SaveSnapshotFailure"/>.</summary>
    /// <param name="snapshot">The state.</param>
    protected void SaveSnapshot(object snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var metadata = new SnapshotMetadata(PersistenceId, LastSequenceNr, DateTime.UtcNow);
        var store = _persistence.SnapshotStore;
        if (store is null)
        {
            Self.Tell(new SaveSnapshotFailure(metadata, new PersistenceException(
                $"'{PersistenceId}' cannot save a snapshot: snapshots are disabled (sluice.persistence.snapshot-store.plugin = none).")), Self);
            return;
        }

        SluicePersistence.Pipe(Self, _persistence.Settings.SnapshotCallTimeout, ct => store.SaveAsync(metadata, snapshot, ct),
            new SaveSnapshotSuccess(metadata), cause => new SaveSnapshotFailure(metadata, cause));
    }

    /// <summary>Deletes this actor's events up to a sequence number; replies <see cref="DeleteMessagesSuccess"/> or <see cref="DeleteMessagesFailure"/>.</summary>
    /// <param name="toSequenceNr">Last deleted sequence number (the highest sequence number is kept).</param>
    protected void DeleteMessages(long toSequenceNr)
    {
        var journal = _persistence.JournalStore;
        var id = PersistenceId;
        SluicePersistence.Pipe(Self, _persistence.Settings.JournalCallTimeout, ct => journal.DeleteMessagesToAsync(id, toSequenceNr, ct),
            new DeleteMessagesSuccess(toSequenceNr), cause => new DeleteMessagesFailure(cause, toSequenceNr));
    }

    /// <summary>Deletes this actor's snapshots matching criteria; replies <see cref="DeleteSnapshotsSuccess"/> or <see cref="DeleteSnapshotsFailure"/>.</summary>
    /// <param name="criteria">Which snapshots.</param>
    protected void DeleteSnapshots(SnapshotSelectionCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var store = _persistence.SnapshotStore;
        if (store is null)
        {
            Self.Tell(new DeleteSnapshotsFailure(criteria, new PersistenceException(
                $"'{PersistenceId}' cannot delete snapshots: snapshots are disabled (sluice.persistence.snapshot-store.plugin = none).")), Self);
            return;
        }

        var id = PersistenceId;
        SluicePersistence.Pipe(Self, _persistence.Settings.SnapshotCallTimeout, ct => store.DeleteAsync(id, criteria, ct),
            new DeleteSnapshotsSuccess(criteria), cause => new DeleteSnapshotsFailure(criteria, cause));
    }

    /// <summary>Called when an event could not be stored (the journal failed); the actor stops after it. The default logs an error.</summary>
    /// <param name="cause">The failure.</param>
    /// <param name="event">The event.</param>
    /// <param name="sequenceNr">Its sequence number.</param>
    protected virtual void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        ArgumentNullException.ThrowIfNull(@event);
        PersistenceLog.PersistFailed(Log, cause, @event.GetType().Name, sequenceNr, PersistenceId);
    }

    /// <summary>Called when the journal rejected an event (not stored, e.g. unserializable); the actor goes on. The default logs a warning.</summary>
    /// <param name="cause">The rejection.</param>
    /// <param name="event">The event.</param>
    /// <param name="sequenceNr">Its sequence number (used up: the next event gets the following one).</param>
    protected virtual void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(cause);
        PersistenceLog.PersistRejected(Log, cause, @event.GetType().Name, sequenceNr, PersistenceId, cause.Message);
    }

    /// <summary>Called when recovery failed; the actor stops after it. The default logs the error.</summary>
    /// <param name="cause">A <see cref="PersistenceException"/> naming the persistence id and sequence number.</param>
    /// <param name="event">The replayed event whose handler threw, if any.</param>
    protected virtual void OnRecoveryFailure(Exception cause, object? @event)
    {
        ArgumentNullException.ThrowIfNull(cause);
        PersistenceLog.RecoveryFailed(Log, cause, cause.Message);
    }

    /// <inheritdoc />
    protected sealed override void Receive(object message)
    {
        switch (message)
        {
            case StartRecovery start when start.InstanceId == _instanceId:
                _phase = Phase.Recovering;
                _persistence.Recover(PersistenceId, Recovery ?? Recovery.Default, Self, _instanceId);
                return;
            case RecoverySnapshot snapshot when snapshot.InstanceId == _instanceId:
                if (_phase == Phase.Recovering && snapshot.Snapshot is { } selected)
                {
                    LastSequenceNr = SnapshotSequenceNr = selected.Metadata.SequenceNr;
                    RecoverWith(new SnapshotOffer(selected.Metadata, selected.Snapshot), selected.Metadata.SequenceNr);
                }

                return;
            case RecoveryReplayed replayed when replayed.InstanceId == _instanceId:
                foreach (var e in replayed.Events)
                {
                    if (_phase != Phase.Recovering) break; // a handler failed: the actor stops
                    LastSequenceNr = e.SequenceNr;
                    RecoverWith(e.Payload, e.SequenceNr);
                }

                return;
            case RecoveryFinished finished when finished.InstanceId == _instanceId:
                if (_phase != Phase.Recovering) return;
                LastSequenceNr = Math.Max(LastSequenceNr, finished.HighestSequenceNr);
                if (!RecoverWith(RecoveryCompleted.Instance, LastSequenceNr)) return;
                _phase = Phase.Running;
                Flush();
                if (_pendingStashing == 0) _internalStash.ReturnToMailbox();
                return;
            case RecoveryFailed failed when failed.InstanceId == _instanceId:
                if (_phase == Phase.Recovering) FailRecovery(failed.Cause, null, failed.LastSequenceNr + 1);
                return;
            case WriteResult result:
                if (result.InstanceId == _instanceId && _phase == Phase.Running) OnWriteResult(result);
                return;
            case StartRecovery or RecoverySnapshot or RecoveryReplayed or RecoveryFinished or RecoveryFailed:
                return; // addressed to an earlier incarnation
        }

        if (_phase != Phase.Running || _pendingStashing > 0)
        {
            if (_phase != Phase.Stopped) _internalStash.Stash();
            return;
        }

        try
        {
            ReceiveCommand(message);
        }
        finally
        {
            Flush(); // like Akka: events persisted before the handler threw are still written (and recovered after the restart)
        }
    }

    /// <inheritdoc />
    protected override void PreRestart(Exception reason, object? message)
    {
        _internalStash.ReturnToMailbox();
        base.PreRestart(reason, message);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _internalStash.DropToDeadLetters();
        base.PostStop();
    }

    private void PersistCore<T>(IEnumerable<T> events, Action<T> handler, bool stashing) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(handler);
        if (IsRecovering)
        {
            throw new InvalidOperationException($"'{PersistenceId}' cannot persist while it recovers; persist in ReceiveCommand (or after RecoveryCompleted).");
        }

        List<PersistentRepresentation>? batch = null;
        var sender = Sender;
        foreach (var e in events)
        {
            batch ??= [];
            var seqNr = ++LastSequenceNr;
            batch.Add(new PersistentRepresentation(PersistenceId, seqNr, e, _writerGuid));
            if (stashing) _pendingStashing++;
            _pending.Enqueue(new Invocation(e, o => handler((T)o), sender, stashing, IsDefer: false, seqNr));
        }

        if (batch is not null) _outgoing.Add(new AtomicWrite(batch));
    }

    private void Flush()
    {
        if (_outgoing.Count == 0) return;
        _persistence.Journal.Tell(new WriteRequest(_outgoing.ToArray(), Self, _instanceId), Self);
        _outgoing.Clear();
    }

    private void OnWriteResult(WriteResult result)
    {
        foreach (var stored in result.Write.Events)
        {
            var invocation = _pending.Dequeue();
            if (invocation.Stashing) _pendingStashing--;
            if (result.Failure is { } failure)
            {
                OnPersistFailure(failure, stored.Payload, stored.SequenceNr);
                _phase = Phase.Stopped;
                Context.Stop(Self);
                return;
            }

            if (result.Rejection is { } rejection) OnPersistRejected(rejection, stored.Payload, stored.SequenceNr);
            else RunHandler(invocation);

            while (_pending.Count > 0 && _pending.Peek().IsDefer)
            {
                var deferred = _pending.Dequeue();
                _pendingStashing--;
                RunHandler(deferred);
            }
        }

        Flush();
        if (_pendingStashing == 0) _internalStash.ReturnToMailbox();
    }

    private void RunHandler(Invocation invocation)
    {
        _handlerSender = invocation.Sender;
        try
        {
            invocation.Handler(invocation.Event);
        }
        finally
        {
            _handlerSender = null;
        }
    }

    private bool RecoverWith(object message, long sequenceNr)
    {
        try
        {
            ReceiveRecover(message);
            return true;
        }
        catch (Exception cause)
        {
            FailRecovery(cause, message, sequenceNr);
            return false;
        }
    }

    private void FailRecovery(Exception cause, object? @event, long sequenceNr)
    {
        var error = cause as PersistenceException ?? new PersistenceException(
            $"Recovery of '{PersistenceId}' failed at sequence number {sequenceNr}: {cause.Message} The actor is stopped; fix the cause (journal, or the recovery handler) and start it again.",
            cause);
        _phase = Phase.Stopped;
        OnRecoveryFailure(error, @event);
        Context.Stop(Self);
    }

    private sealed record Invocation(object Event, Action<object> Handler, IActorRef Sender, bool Stashing, bool IsDefer, long SequenceNr);
}
