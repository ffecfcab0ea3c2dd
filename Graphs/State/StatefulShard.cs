namespace Sluice.Graphs.State;

/// <summary>
/// The logic of one stateful operator in one shard. Single-threaded: the shard host calls it from one thread at a
/// time. Per epoch the host calls <see cref="OnRows"/> zero or more times (rows arrive in batches, in input order per
/// key), then <see cref="OnEpochEnd"/> once (also for a no-data epoch), then takes the changes of every store in
/// <see cref="Stores"/> for the checkpoint. All state lives in those stores so that it can be checkpointed and
/// restored; anything else the logic keeps must be derivable from them or be per-epoch scratch.
/// </summary>
/// <typeparam name="TKey">The key rows are routed by.</typeparam>
/// <typeparam name="TIn">The input row.</typeparam>
/// <typeparam name="TOut">The output row.</typeparam>
public abstract class StatefulShard<TKey, TIn, TOut>
    where TKey : notnull
{
    /// <summary>The stores that hold this shard's state, restored and checkpointed by the host.</summary>
    public abstract IReadOnlyList<IStateStore> Stores { get; }

    /// <summary>Rows judged late (and dropped) in the current epoch, counted as Spark counts them; reset by the host after each epoch.</summary>
    public long RowsDroppedByWatermark { get; protected set; }

    /// <summary>Rows of the epoch for this shard. Output may be emitted now (continuous mode) or at the end of the epoch.</summary>
    /// <param name="rows">The rows, in arrival order.</param>
    /// <param name="epoch">The epoch being processed.</param>
    /// <param name="output">Where to add output rows, with their event time.</param>
    /// <param name="lateRows">Where to add rows judged late, when the query routes late data to a side output; null otherwise.</param>
    public abstract void OnRows(ReadOnlySpan<KeyedRow<TKey, TIn>> rows, in EpochInfo epoch, RowList<TimedRow<TOut>> output, List<TimedRow<TIn>>? lateRows);

    /// <summary>
    /// The end of the epoch: emit what the output mode asks for (append: what the eviction watermark closed; update:
    /// what changed this epoch; complete: everything), evict closed state, fire timeouts.
    /// </summary>
    /// <param name="epoch">The epoch being processed.</param>
    /// <param name="output">Where to add output rows, with their event time.</param>
    public abstract void OnEpochEnd(in EpochInfo epoch, RowList<TimedRow<TOut>> output);

    /// <summary>
    /// The state rows this shard holds, as progress reports them (Spark's numRowsTotal): by default the keys of its
    /// stores. An operator that keeps several rows under one key (a join's buffers) counts the rows instead.
    /// </summary>
    public virtual long StateRows => SumOverStores(static store => store.Count);

    /// <summary>State rows written in the current epoch (Spark's numRowsUpdated): by default the keys put or changed.</summary>
    public virtual long StateRowsUpdated => SumOverStores(static store => store.UpdatedKeys);

    /// <summary>State rows removed in the current epoch (Spark's numRowsRemoved): by default the keys removed.</summary>
    public virtual long StateRowsRemoved => SumOverStores(static store => store.RemovedKeys);

    private long SumOverStores(Func<IStateStore, long> measure)
    {
        long sum = 0;
        foreach (var store in Stores)
        {
            sum += measure(store);
        }

        return sum;
    }

    /// <summary>Called by the host after an epoch's metrics were read.</summary>
    public void ResetEpochCounters()
    {
        RowsDroppedByWatermark = 0;
        OnEpochCountersReset();
    }

    /// <summary>Resets the counters an override of <see cref="StateRowsUpdated"/> or <see cref="StateRowsRemoved"/> keeps.</summary>
    protected virtual void OnEpochCountersReset()
    {
    }

    /// <summary>True when a store has changes to checkpoint (a key put, changed or removed since the last changelog).</summary>
    internal bool HasStoreChanges
    {
        get
        {
            foreach (var store in Stores)
            {
                if (store.UpdatedKeys + store.RemovedKeys > 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The epoch's metrics; <paramref name="estimatedBytes"/> is read by the caller after the changelog was taken.</summary>
    internal ShardMetrics ReadMetrics(long estimatedBytes) =>
        new(StateRows, StateRowsUpdated, StateRowsRemoved, RowsDroppedByWatermark, estimatedBytes);
}
