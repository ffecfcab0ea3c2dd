namespace Sluice.Graphs.State.Sharded;

/*
 * Messages between the operator's router (OperatorShards, not an actor) and its shard actors, and the events and
 * snapshots the shards persist. One message per batch of rows, never per row.
 */

/// <summary>A batch of rows for one shard; answered with <see cref="RowsDone{TIn,TOut}"/> (or <see cref="ShardFailed"/>) to the bridge.</summary>
internal sealed record ShardRows<TKey, TIn>(long BatchId, KeyedRow<TKey, TIn>[] Rows, int Count, EpochInfo Epoch, bool CollectLate)
    where TKey : notnull;

/// <summary>A shard processed a batch: what it emitted at once and the rows it judged late (when asked to collect them).</summary>
internal sealed record RowsDone<TIn, TOut>(int Shard, long BatchId, RowList<TimedRow<TOut>> Output, List<TimedRow<TIn>>? Late);

/// <summary>A shard failed; every later call to it fails with <see cref="Cause"/>.</summary>
internal sealed record ShardFailed(int Shard, long BatchId, Exception Cause);

/// <summary>Ends the epoch in a shard; answered (after the changelog event is stored) with a <see cref="ShardEpochResult{TOut}"/>.</summary>
internal sealed record EndEpoch(EpochInfo Epoch);

/// <summary>An epoch is committed everywhere; answered with <see cref="EpochCommitted"/> once a due snapshot is stored.</summary>
internal sealed record CommitEpoch(long EpochId);

/// <summary>The answer to <see cref="CommitEpoch"/>.</summary>
internal sealed record EpochCommitted(long EpochId);

/// <summary>Starts a shard actor (entities start on their first message); recovery completes the shard's cell.</summary>
internal sealed class WakeShard
{
    public static readonly WakeShard Instance = new();
}

/// <summary>The journal event of one epoch in one shard: each store's changelog, in the order of <c>StatefulShard.Stores</c>.</summary>
/// <param name="EpochId">The epoch.</param>
/// <param name="Stores">One changelog per store.</param>
internal sealed record EpochChanges(long EpochId, byte[][] Stores);

/// <summary>A snapshot of one shard: every store's content as of the end of an epoch that has committed.</summary>
/// <param name="EpochId">The epoch.</param>
/// <param name="Stores">One snapshot per store.</param>
internal sealed record ShardSnapshot(long EpochId, byte[][] Stores);
