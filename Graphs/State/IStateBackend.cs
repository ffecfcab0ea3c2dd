namespace Sluice.Graphs.State;

/*
 * Where the shards of a query's stateful operators run (DESIGN 4.3). The engine's routing stage hashes each row's key
 * to a shard (StableHash of the key % number of shards), collects rows per shard and hands them over in batches
 * through IOperatorShards. Two backends implement it: the local one runs the shard logic inline in the routing stage
 * (tests, state in memory); the sharded one runs each shard as a persistent actor of a ShardRegion that persists the
 * epoch's changelog before it answers EndEpochAsync.
 *
 * Flow control is credit based: SendAsync completes when the shard can take another batch; the routing stage does
 * not pull from upstream while a send is pending, so backpressure reaches the source unbroken.
 */

/// <summary>Starts the shards of stateful operators.</summary>
internal interface IStateBackend
{
    /// <summary>Starts (or finds) the shards of one operator of one query and restores their state as of <paramref name="committedEpoch"/> (-1: none).</summary>
    /// <param name="queryId">The query's stable id.</param>
    /// <param name="operatorId">The operator's id, unique and stable within the query plan (for example "0-aggregate").</param>
    /// <param name="op">The operator.</param>
    /// <param name="numberOfShards">How many shards.</param>
    /// <param name="committedEpoch">The last committed epoch; state changes of later epochs are discarded.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    Task<IOperatorShards<TKey, TIn, TOut>> StartAsync<TKey, TIn, TOut>(
        string queryId,
        string operatorId,
        StatefulOperator<TKey, TIn, TOut> op,
        int numberOfShards,
        long committedEpoch,
        CancellationToken cancellationToken)
        where TKey : notnull;
}

/// <summary>The running shards of one stateful operator.</summary>
internal interface IOperatorShards<TKey, TIn, TOut> : IAsyncDisposable, IShardStates
    where TKey : notnull
{
    /// <summary>A backend that does not report its shards reports none.</summary>
    IReadOnlyList<ShardStateReport> IShardStates.ShardStates => [];

    /// <summary>How many shards.</summary>
    int NumberOfShards { get; }

    /// <summary>
    /// Hands <paramref name="rows"/> to <paramref name="shard"/> (ownership of the array passes to the callee). Completes
    /// when the shard has credit for another batch, with the rows the shard emitted at once (continuous mode) and the
    /// rows it judged late when <paramref name="collectLate"/> is set.
    /// </summary>
    ValueTask<ShardOutput<TIn, TOut>> SendAsync(int shard, KeyedRow<TKey, TIn>[] rows, int count, EpochInfo epoch, bool collectLate);

    /// <summary>Ends the epoch in <paramref name="shard"/>: its final output, metrics; the state changes are durable when this completes.</summary>
    Task<ShardEpochResult<TOut>> EndEpochAsync(int shard, EpochInfo epoch);

    /// <summary>The epoch is committed everywhere: shards may compact (snapshot) and forget older changelog entries.</summary>
    Task CommitAsync(long epochId);
}

/// <summary>The untyped face of an operator's shards for monitoring: what each shard holds now.</summary>
internal interface IShardStates
{
    /// <summary>One report per shard, in shard order.</summary>
    IReadOnlyList<ShardStateReport> ShardStates { get; }
}

/// <summary>What a shard emitted while taking a batch of rows.</summary>
internal readonly record struct ShardOutput<TIn, TOut>(IReadOnlyList<TimedRow<TOut>> Output, IReadOnlyList<TimedRow<TIn>> Late)
{
    public static readonly ShardOutput<TIn, TOut> Empty = new([], []);
}

/// <summary>A shard's answer at the end of an epoch.</summary>
internal sealed record ShardEpochResult<TOut>(IReadOnlyList<TimedRow<TOut>> Output, ShardMetrics Metrics);

/// <summary>A shard's state metrics after an epoch (Spark's stateOperators fields, per shard; the engine sums them).</summary>
internal readonly record struct ShardMetrics(
    long NumRowsTotal,
    long NumRowsUpdated,
    long NumRowsRemoved,
    long NumRowsDroppedByWatermark,
    long MemoryUsedBytes);
