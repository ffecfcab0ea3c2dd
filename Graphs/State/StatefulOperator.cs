using Sluice.Graphs.Queries;

namespace Sluice.Graphs.State;

/// <summary>
/// A keyed stateful operator of a streaming query (aggregation, window, dedup, MapWithState, join...): an immutable
/// description that is part of the query plan. The engine routes every input row by a stable hash of its key to one
/// of the query's shards and runs one <see cref="StatefulShard{TKey,TIn,TOut}"/> per shard, which holds the state of
/// all its keys. Every rule of Spark's micro-batch semantics that concerns one operator (DESIGN 4.5) lives in the
/// shard logic; the engine supplies the epoch's watermarks and batch timestamp through <see cref="EpochInfo"/>.
/// </summary>
/// <typeparam name="TKey">The key rows are routed by.</typeparam>
/// <typeparam name="TIn">The input row.</typeparam>
/// <typeparam name="TOut">The output row.</typeparam>
public abstract class StatefulOperator<TKey, TIn, TOut>
    where TKey : notnull
{
    /// <summary>The operator's name in progress reports and tests (<c>AssertStateRows("aggregate", ...)</c>).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Null when the operator supports <paramref name="mode"/>; otherwise the message refusing the query at start,
    /// naming the fix (for example "Append output mode needs a watermark on an aggregation: add WithWatermark").
    /// </summary>
    /// <param name="mode">The query's output mode.</param>
    /// <param name="hasWatermark">True when the query defines a watermark on the event time this operator uses.</param>
    public virtual string? CheckOutputMode(OutputMode mode, bool hasWatermark) => null;

    /// <summary>
    /// True when a batch that raised the watermark must be followed at once by a no-data batch, because this operator
    /// has watermark-driven work (append output, eviction, outer-join null rows, event-time timeouts).
    /// </summary>
    public virtual bool NeedsNoDataBatch(OutputMode mode, bool hasWatermark) => false;

    /// <summary>True when the operator uses processing-time timeouts: then every trigger runs a batch, even without data.</summary>
    public virtual bool HasProcessingTimeTimeout => false;

    /// <summary>
    /// How far this operator's output lags its input in event time, in milliseconds (a time-range join lowers the
    /// watermark it passes downstream by its range bound). 0 for most operators.
    /// </summary>
    public virtual long OutputWatermarkDelayMs => 0;

    /// <summary>Creates the logic of one shard; called once per shard when the query starts (or recovers).</summary>
    /// <param name="shardId">The shard, from 0 to <paramref name="numberOfShards"/> - 1.</param>
    /// <param name="numberOfShards">How many shards the query has.</param>
    public abstract StatefulShard<TKey, TIn, TOut> CreateShard(int shardId, int numberOfShards);
}
