using System.Collections.Concurrent;

namespace Sluice.Graphs.State;

/*
 * The local backend: shard logic runs inline in the routing stage, state lives in memory. To let a query stop and
 * start again on the same checkpoint location, the backend keeps, per operator and shard, a snapshot and the
 * changelog of the epochs after it (each StateStore's TakeChanges); StartAsync(committedEpoch) rebuilds fresh shards
 * from them and discards the entries of later (uncommitted) epochs. CommitAsync folds old entries into the snapshot.
 */

/// <summary>Runs the shards of stateful operators inline, in memory; state survives a restart of the query within the process.</summary>
internal sealed class LocalStateBackend : IStateBackend
{
    private readonly ConcurrentDictionary<string, LocalOperatorLog> _logs = new(StringComparer.Ordinal);

    public Task<IOperatorShards<TKey, TIn, TOut>> StartAsync<TKey, TIn, TOut>(
        string queryId, string operatorId, StatefulOperator<TKey, TIn, TOut> op, int numberOfShards, long committedEpoch, CancellationToken cancellationToken)
        where TKey : notnull
    {
        var log = _logs.GetOrAdd(queryId + "/" + operatorId, _ => new LocalOperatorLog(numberOfShards));
        if (log.NumberOfShards != numberOfShards)
        {
            throw new InvalidOperationException(
                $"Operator '{operatorId}' of query {queryId} was checkpointed with {log.NumberOfShards} shards and is started with {numberOfShards}: keep the number of shards of a checkpoint.");
        }

        var shards = new StatefulShard<TKey, TIn, TOut>[numberOfShards];
        var board = new ShardStateBoard(operatorId, op.Name, "local", shard => $"local:{queryId}/{operatorId}/{shard}", numberOfShards, committedEpoch);
        for (var i = 0; i < numberOfShards; i++)
        {
            shards[i] = op.CreateShard(i, numberOfShards);
            log.Restore(i, shards[i].Stores, committedEpoch);
            board.Update(i, shards[i].Stores, committedEpoch);
        }

        return Task.FromResult<IOperatorShards<TKey, TIn, TOut>>(new LocalOperatorShards<TKey, TIn, TOut>(shards, log, board));
    }
}

/// <summary>The snapshot and changelog of one operator's shards in the local backend.</summary>
internal sealed class LocalOperatorLog(int numberOfShards)
{
    private readonly ShardLog[] _shards = Enumerable.Range(0, numberOfShards).Select(_ => new ShardLog()).ToArray();

    public int NumberOfShards => numberOfShards;

    public void Append(int shard, long epochId, IReadOnlyList<IStateStore> stores)
    {
        // Copies, serialized only if a restart needs them: an epoch's end stays cheap on the shard's thread.
        var changes = new IStateCapture[stores.Count];
        for (var s = 0; s < changes.Length; s++)
        {
            changes[s] = stores[s] is IDeferredStateStore deferred ? deferred.TakeChangesDeferred() : new SerializedCapture(stores[s].TakeChanges());
        }

        var log = _shards[shard];
        lock (log)
        {
            log.Changes.RemoveAll(c => c.EpochId >= epochId);
            log.Changes.Add((epochId, changes));
        }
    }

    /// <summary>Folds the changes up to <paramref name="epochId"/> into a snapshot taken from the live stores (which are at that epoch).</summary>
    public void Compact(int shard, long epochId, IReadOnlyList<IStateStore> stores)
    {
        var log = _shards[shard];
        lock (log)
        {
            if (log.Changes.Count < 16 || log.Changes[^1].EpochId != epochId)
            {
                return;
            }

            log.Snapshot = stores.Select(s => s is IDeferredStateStore deferred ? deferred.SnapshotDeferred() : new SerializedCapture(s.Snapshot())).ToArray();
            log.SnapshotEpoch = epochId;
            log.Changes.Clear();
        }
    }

    public void Restore(int shard, IReadOnlyList<IStateStore> stores, long committedEpoch)
    {
        var log = _shards[shard];
        lock (log)
        {
            log.Changes.RemoveAll(c => c.EpochId > committedEpoch);
            if (log.SnapshotEpoch > committedEpoch)
            {
                throw new InvalidOperationException($"Local state of shard {shard} was compacted at epoch {log.SnapshotEpoch}, after the committed epoch {committedEpoch}.");
            }

            if (log.Snapshot is not null)
            {
                for (var s = 0; s < stores.Count; s++)
                {
                    stores[s].Restore(log.Snapshot[s].Serialize());
                }
            }

            foreach (var (_, changes) in log.Changes)
            {
                for (var s = 0; s < stores.Count; s++)
                {
                    stores[s].ApplyChanges(changes[s].Serialize());
                }
            }

            // Restoring counts nothing as changed in the next epoch.
            foreach (var store in stores)
            {
                store.TakeChanges();
            }
        }
    }

    /// <summary>Bytes already serialized (a store that cannot defer).</summary>
    private sealed class SerializedCapture(byte[] bytes) : IStateCapture
    {
        public byte[] Serialize() => bytes;
    }

    private sealed class ShardLog
    {
        public List<(long EpochId, IStateCapture[] Changes)> Changes { get; } = [];

        public IStateCapture[]? Snapshot { get; set; }

        public long SnapshotEpoch { get; set; } = -1;
    }
}
