using System.Globalization;
using Sluice.Actors;
using Sluice.Persistence;

namespace Sluice.Graphs.State.Sharded;

/*
 * One shard of one stateful operator of one query: a persistent actor owning a StatefulShard (DESIGN 4.3, 4.4).
 *
 * Per epoch: batches of rows (ShardRows) run OnRows and are answered at once (the answer is the router's credit);
 * EndEpoch runs OnEpochEnd, takes every store's changelog and persists ONE EpochChanges event; only after the write
 * committed does it answer with the output and metrics. An epoch that changed no store writes no event, except the
 * first epoch of an incarnation (see recovery). Every snapshot-every-epochs epochs (or past
 * snapshot-after-bytes of changelog) it also captures a snapshot of the stores as of that epoch, and stores it when
 * CommitEpoch says that epoch committed; then it deletes the events the snapshot covers. Saving only committed
 * snapshots keeps the latest snapshot at or before any epoch a later recovery restores to.
 *
 * Recovery to committed epoch C: the snapshot (epoch <= C), then the changelog events after it. Events of epochs
 * after C (written, never committed) stay in the journal, and a later incarnation writes those epochs again after
 * them; so replayed events are first buffered and the valid history is found backwards: the last event is valid,
 * and an earlier event is valid only when its epoch is lower than that of the next valid one. Of those, the events
 * of epochs <= C are applied, in order; the others are ignored. An incarnation always writes its first epoch (the
 * engine resumes at C+1, which is lower than or equal to any abandoned epoch), so the rule never takes an abandoned
 * event for a valid one even though epochs without changes write nothing.
 */
internal sealed class StateShardActor<TKey, TIn, TOut> : PersistentActor
    where TKey : notnull
{
    private readonly string _persistenceId;
    private readonly StateShardCell _cell;
    private readonly ShardedStateSettings _settings;
    private readonly StatefulShard<TKey, TIn, TOut> _shard;
    private readonly IReadOnlyList<IStateStore> _stores;
    private readonly bool _valid;
    private readonly List<(long SequenceNr, EpochChanges Event)> _replayed = [];
    private long _committed;
    private long _lastEpoch = -1;
    private long _snapshotEpoch = -1;
    private int _epochsSinceSnapshot;
    private long _bytesSinceSnapshot;
    private PendingSnapshot? _pendingSnapshot;
    private Exception? _failure;
    private IActorRef? _endEpochReplyTo;
    private bool _persistedOnce;

    public StateShardActor(string persistenceId, StatefulOperator<TKey, TIn, TOut> op, int numberOfShards, long committedEpoch, StateShardCell cell, ShardedStateSettings settings)
    {
        _persistenceId = persistenceId;
        _cell = cell;
        _settings = settings;
        _committed = committedEpoch;
        _valid = cell.Enter();
        _shard = op.CreateShard(cell.Shard, numberOfShards);
        _stores = _shard.Stores;
        if (!_valid)
        {
            _failure = new InvalidOperationException(
                $"State shard '{persistenceId}' was started again after it stopped ({cell.Failure?.Message ?? "unexpectedly"}); its state since the last committed epoch is lost. Restart the query from its last checkpoint.",
                cell.Failure);
        }
    }

    public override string PersistenceId => _persistenceId;

    protected override void ReceiveRecover(object message)
    {
        if (!_valid) return;
        switch (message)
        {
            case SnapshotOffer { Snapshot: ShardSnapshot snapshot } offer:
                RestoreSnapshot(snapshot, offer.Metadata.SequenceNr);
                break;
            case EpochChanges changes:
                _replayed.Add((LastSequenceNr, changes));
                break;
            case RecoveryCompleted:
                ApplyReplayed();
                var restored = _lastEpoch;
                _lastEpoch = Math.Max(_lastEpoch, _committed); // epochs without changes left no event
                _cell.Board.Locate(_cell.Shard, Self.Path.ToString());
                _cell.Board.Update(_cell.Shard, _stores, _lastEpoch);
                _cell.Recovered.TrySetResult(restored);
                break;
        }
    }

    protected override void OnRecoveryFailure(Exception cause, object? @event)
    {
        base.OnRecoveryFailure(cause, @event);
        _cell.Fail(cause);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistFailure(cause, @event, sequenceNr);
        var error = new PersistenceException(
            $"State shard '{_persistenceId}' could not store the changes of an epoch (sequence number {sequenceNr.ToString(CultureInfo.InvariantCulture)}): {cause.Message} Restart the query from its last checkpoint.",
            cause);
        _cell.Fail(error);
        _endEpochReplyTo?.Tell(new Status.Failure(error), Self);
    }

    protected override void ReceiveCommand(object message)
    {
        switch (message)
        {
            case ShardRows<TKey, TIn> rows:
                OnRows(rows);
                break;
            case EndEpoch end:
                OnEndEpoch(end.Epoch);
                break;
            case CommitEpoch commit:
                OnCommit(commit.EpochId);
                break;
            case SnapshotStored stored:
                OnSnapshotStored(stored);
                break;
            case WakeShard:
                if (!_valid) _cell.Recovered.TrySetException(_failure!);
                break;
            case DeleteMessagesSuccess or DeleteMessagesFailure or DeleteSnapshotsSuccess or DeleteSnapshotsFailure:
                break; // compaction is best effort: what is not deleted is skipped by the next recovery anyway
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnRows(ShardRows<TKey, TIn> batch)
    {
        if (_failure is not null)
        {
            Sender.Tell(new ShardFailed(_cell.Shard, batch.BatchId, _failure), Self);
            return;
        }

        var output = new RowList<TimedRow<TOut>>();
        var late = batch.CollectLate ? new List<TimedRow<TIn>>() : null;
        try
        {
            _shard.OnRows(batch.Rows.AsSpan(0, batch.Count), batch.Epoch, output, late);
        }
        catch (Exception cause)
        {
            Fail(cause, "processing a batch of rows of epoch " + batch.Epoch.EpochId.ToString(CultureInfo.InvariantCulture));
            Sender.Tell(new ShardFailed(_cell.Shard, batch.BatchId, _failure!), Self);
            return;
        }

        Sender.Tell(new RowsDone<TIn, TOut>(_cell.Shard, batch.BatchId, output, late), Self);
    }

    private void OnEndEpoch(EpochInfo epoch)
    {
        if (_failure is null && epoch.EpochId <= _lastEpoch)
        {
            Fail(new InvalidOperationException($"epoch {epoch.EpochId} ends after epoch {_lastEpoch}; epochs must increase"), "ending an epoch");
        }

        if (_failure is not null)
        {
            Sender.Tell(new Status.Failure(_failure), Self);
            return;
        }

        var output = new RowList<TimedRow<TOut>>();
        ShardMetrics metrics;
        byte[][] changes;
        try
        {
            _shard.OnEpochEnd(epoch, output);
            var counted = _shard.ReadMetrics(0);
            changes = _shard.HasStoreChanges || !_persistedOnce ? TakeChanges() : [];
            long memory = 0;
            foreach (var store in _stores) memory += store.EstimatedBytes;

            metrics = counted with { MemoryUsedBytes = memory };
            _shard.ResetEpochCounters();
        }
        catch (Exception cause)
        {
            Fail(cause, "ending epoch " + epoch.EpochId.ToString(CultureInfo.InvariantCulture));
            Sender.Tell(new Status.Failure(_failure!), Self);
            return;
        }

        if (changes.Length == 0)
        {
            // Nothing changed: no event. (The first epoch of an incarnation is always written, even when empty: its
            // lower epoch id marks any later events of a previous incarnation as abandoned; see the recovery above.)
            _lastEpoch = epoch.EpochId;
            _cell.Board.Update(_cell.Shard, _stores, _lastEpoch);
            Sender.Tell(new ShardEpochResult<TOut>(output, metrics), Self);
            return;
        }

        _endEpochReplyTo = Sender;
        _persistedOnce = true;
        Persist(new EpochChanges(epoch.EpochId, changes), stored =>
        {
            _endEpochReplyTo = null;
            _lastEpoch = stored.EpochId;
            _cell.Board.Update(_cell.Shard, _stores, _lastEpoch);
            _epochsSinceSnapshot++;
            foreach (var bytes in stored.Stores) _bytesSinceSnapshot += bytes.Length;
            if (_epochsSinceSnapshot >= _settings.SnapshotEveryEpochs || _bytesSinceSnapshot >= _settings.SnapshotAfterBytes)
            {
                _pendingSnapshot = new PendingSnapshot(LastSequenceNr, new ShardSnapshot(stored.EpochId, TakeSnapshot()));
                _epochsSinceSnapshot = 0;
                _bytesSinceSnapshot = 0;
            }

            Sender.Tell(new ShardEpochResult<TOut>(output, metrics), Self);
        });
    }

    private byte[][] TakeChanges()
    {
        var changes = new byte[_stores.Count][];
        for (var i = 0; i < changes.Length; i++) changes[i] = _stores[i].TakeChanges();
        return changes;
    }

    private byte[][] TakeSnapshot()
    {
        var stores = new byte[_stores.Count][];
        for (var i = 0; i < stores.Length; i++) stores[i] = _stores[i].Snapshot();
        return stores;
    }

    private void OnCommit(long epochId)
    {
        if (_failure is not null)
        {
            Sender.Tell(new Status.Failure(_failure), Self);
            return;
        }

        _committed = Math.Max(_committed, epochId);
        _cell.Board.Committed(_cell.Shard, _committed);
        var store = SluicePersistence.Get(Context.System).SnapshotStore;
        if (_pendingSnapshot is not { } pending || pending.Snapshot.EpochId > _committed || store is null)
        {
            Sender.Tell(new EpochCommitted(epochId), Self);
            return;
        }

        _pendingSnapshot = null;
        var metadata = new SnapshotMetadata(_persistenceId, pending.SequenceNr, DateTime.UtcNow);
        var timeout = SluicePersistence.Get(Context.System).Settings.SnapshotCallTimeout;
        _ = SaveSnapshotAsync(store, metadata, pending.Snapshot, timeout, Self, Sender, epochId);
    }

    private static async Task SaveSnapshotAsync(
        Persistence.Snapshots.ISnapshotStore store, SnapshotMetadata metadata, ShardSnapshot snapshot, TimeSpan timeout, IActorRef self, IActorRef replyTo, long epochId)
    {
        Exception? failure = null;
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            await store.SaveAsync(metadata, snapshot, cts.Token).ConfigureAwait(false);
        }
        catch (Exception cause)
        {
            failure = cause;
        }

        self.Tell(new SnapshotStored(metadata, snapshot.EpochId, failure, replyTo, epochId), self);
    }

    private void OnSnapshotStored(SnapshotStored stored)
    {
        if (stored.Failure is null)
        {
            // The snapshot covers every event up to its sequence number: older events and snapshots can go.
            DeleteMessages(stored.Metadata.SequenceNr);
            if (stored.Metadata.SequenceNr > 1) DeleteSnapshots(SnapshotSelectionCriteria.UpTo(stored.Metadata.SequenceNr - 1));
        }
        else
        {
            StateShardLog.SnapshotFailed(Log, stored.Failure, _persistenceId, stored.SnapshotEpoch, stored.Failure.Message);
        }

        stored.ReplyTo.Tell(new EpochCommitted(stored.CommitEpoch), Self);
    }

    private void RestoreSnapshot(ShardSnapshot snapshot, long sequenceNr)
    {
        if (snapshot.EpochId > _committed)
        {
            throw new PersistenceException(
                $"State shard '{_persistenceId}': the snapshot at sequence number {sequenceNr} holds epoch {snapshot.EpochId}, later than the committed epoch {_committed} the query restarts from. " +
                "Snapshots are stored only for committed epochs, so the query's checkpoint and this journal do not belong together: use the checkpoint this state was written with, or delete the state.");
        }

        CheckStoreCount(snapshot.Stores.Length, sequenceNr, "snapshot");
        for (var i = 0; i < _stores.Count; i++)
        {
            try
            {
                _stores[i].Restore(snapshot.Stores[i]);
            }
            catch (Exception cause) when (cause is not PersistenceException)
            {
                throw Corrupt(sequenceNr, snapshot.EpochId, "snapshot", _stores[i].Name, cause);
            }
        }

        _lastEpoch = _snapshotEpoch = snapshot.EpochId;
    }

    private void ApplyReplayed()
    {
        // Walk back from the last event: an earlier event belongs to the history only if its epoch is lower.
        var valid = new bool[_replayed.Count];
        var next = long.MaxValue;
        for (var i = _replayed.Count - 1; i >= 0; i--)
        {
            var epoch = _replayed[i].Event.EpochId;
            if (epoch < next)
            {
                valid[i] = true;
                next = epoch;
            }
        }

        for (var i = 0; i < _replayed.Count; i++)
        {
            var (sequenceNr, changes) = _replayed[i];
            if (!valid[i] || changes.EpochId <= _snapshotEpoch || changes.EpochId > _committed) continue;
            CheckStoreCount(changes.Stores.Length, sequenceNr, "changelog event");
            for (var s = 0; s < _stores.Count; s++)
            {
                try
                {
                    _stores[s].ApplyChanges(changes.Stores[s]);
                }
                catch (Exception cause)
                {
                    throw Corrupt(sequenceNr, changes.EpochId, "changelog event", _stores[s].Name, cause);
                }
            }

            _lastEpoch = changes.EpochId;
            _epochsSinceSnapshot++;
            foreach (var bytes in changes.Stores) _bytesSinceSnapshot += bytes.Length;
        }

        _replayed.Clear();
    }

    private void CheckStoreCount(int stored, long sequenceNr, string what)
    {
        if (stored != _stores.Count)
        {
            throw new PersistenceException(
                $"State shard '{_persistenceId}': the {what} at sequence number {sequenceNr} holds {stored} stores, but the operator has {_stores.Count}. " +
                "The query's plan changed since this state was written: restart it with a new checkpoint location, or delete the state.");
        }
    }

    private PersistenceException Corrupt(long sequenceNr, long epochId, string what, string storeName, Exception cause) =>
        new($"State shard '{_persistenceId}': the {what} at sequence number {sequenceNr} (epoch {epochId}) cannot be read into store '{storeName}': {cause.Message} " +
            "The stored state is corrupt or was written by an incompatible version of the operator; restore the journal from a backup or delete the state.",
            cause);

    private void Fail(Exception cause, string doing)
    {
        _failure = new InvalidOperationException($"State shard '{_persistenceId}' failed while {doing}: {cause.Message}", cause);
        _cell.Fail(_failure);
    }

    private sealed record PendingSnapshot(long SequenceNr, ShardSnapshot Snapshot);

    private sealed record SnapshotStored(SnapshotMetadata Metadata, long SnapshotEpoch, Exception? Failure, IActorRef ReplyTo, long CommitEpoch);
}
