namespace Sluice.Graphs.State;

/// <summary>The shards of one operator in the local backend: every call runs the shard logic at once, on the caller's thread.</summary>
internal sealed class LocalOperatorShards<TKey, TIn, TOut>(StatefulShard<TKey, TIn, TOut>[] shards, LocalOperatorLog log, ShardStateBoard board) : IOperatorShards<TKey, TIn, TOut>
    where TKey : notnull
{
    public int NumberOfShards => shards.Length;

    public IReadOnlyList<ShardStateReport> ShardStates => board.Reports;

    public ValueTask<ShardOutput<TIn, TOut>> SendAsync(int shard, KeyedRow<TKey, TIn>[] rows, int count, EpochInfo epoch, bool collectLate)
    {
        var output = new List<TimedRow<TOut>>();
        var late = collectLate ? new List<TimedRow<TIn>>() : null;
        shards[shard].OnRows(rows.AsSpan(0, count), epoch, output, late);
        return output.Count == 0 && (late is null || late.Count == 0)
            ? ValueTask.FromResult(ShardOutput<TIn, TOut>.Empty)
            : ValueTask.FromResult(new ShardOutput<TIn, TOut>(output, (IReadOnlyList<TimedRow<TIn>>?)late ?? []));
    }

    public Task<ShardEpochResult<TOut>> EndEpochAsync(int shard, EpochInfo epoch)
    {
        var logic = shards[shard];
        var output = new List<TimedRow<TOut>>();
        logic.OnEpochEnd(epoch, output);
        long total = 0, updated = 0, removed = 0, bytes = 0;
        foreach (var store in logic.Stores)
        {
            total += store.Count;
            updated += store.UpdatedKeys;
            removed += store.RemovedKeys;
            bytes += store.EstimatedBytes;
        }

        var metrics = new ShardMetrics(total, updated, removed, logic.RowsDroppedByWatermark, bytes);
        log.Append(shard, epoch.EpochId, logic.Stores);
        board.Update(shard, logic.Stores, epoch.EpochId);
        logic.ResetEpochCounters();
        return Task.FromResult(new ShardEpochResult<TOut>(output, metrics));
    }

    public Task CommitAsync(long epochId)
    {
        for (var i = 0; i < shards.Length; i++)
        {
            log.Compact(i, epochId, shards[i].Stores);
            board.Committed(i, epochId);
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
