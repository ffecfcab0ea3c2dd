using Sluice.Graphs.Queries;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Joins;

/// <summary>Spark's stream–stream (symmetric hash) join on an equi-key and an optional event-time range.</summary>
internal sealed class StreamJoinOperator<TKey, TLeft, TRight, TOut>(
    JoinKind kind,
    JoinTimeRange? timeRange,
    Func<TLeft, TRight, TOut> resultSelector) : StatefulOperator<TKey, JoinInput<TLeft, TRight>, TOut>
    where TKey : notnull
{
    public JoinKind Kind { get; } = kind;

    public JoinTimeRange? TimeRange { get; } = timeRange;

    /// <summary>Builds an output row; the missing side of an outer row is <c>default</c>. Unused by a left semi join, which emits left rows.</summary>
    public Func<TLeft, TRight, TOut> ResultSelector { get; } = resultSelector;

    public override string Name => "symmetricHashJoin";

    /// <summary>
    /// Spark's output watermark of a time-range join: the smaller of the two sides' state watermarks, which are the
    /// input watermark minus the range bound minus 1 ms (inclusive bounds keep the boundary row).
    /// </summary>
    public override long OutputWatermarkDelayMs => TimeRange is null ? 0 : Math.Max(Math.Max(TimeRange.AfterMs, TimeRange.BeforeMs) + 1, 0);

    public override string? CheckOutputMode(OutputMode mode, bool hasWatermark)
    {
        if (mode != OutputMode.Append)
        {
            return $"A stream–stream join supports only OutputMode.Append, not {mode}: run the query in Append mode.";
        }

        if (Kind != JoinKind.Inner && (!hasWatermark || TimeRange is null))
        {
            return $"A stream–stream {Kind} join needs watermarks and a time range, so that it knows when a row can no longer match: "
                + "call WithWatermark on both inputs and pass a JoinTimeRange.";
        }

        return null;
    }

    public override bool NeedsNoDataBatch(OutputMode mode, bool hasWatermark) => hasWatermark && TimeRange is not null;

    public override StatefulShard<TKey, JoinInput<TLeft, TRight>, TOut> CreateShard(int shardId, int numberOfShards) =>
        new StreamJoinShard<TKey, TLeft, TRight, TOut>(this);
}
