using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Execution;

/*
 * One object per epoch, created by the coordinator and referenced by the epoch's markers. Its first half is read-only
 * (what every stage needs to know about the epoch); its second half collects what stages observed during the epoch
 * (rows per source, event-time statistics per watermark input, state metrics per operator). Each slot is written by
 * exactly one stage, before that stage forwards barrier N; the coordinator reads them after the sink reported barrier
 * N, which every stage forwarded before, so no lock is needed (the hand-offs between islands are fenced).
 */

/// <summary>The facts of one epoch and what the stages observed while processing it.</summary>
internal sealed class EpochFacts
{
    public EpochFacts(long epochId, long batchTimestampMs, long watermarkMs, long previousWatermarkMs, OutputMode mode, bool isNoDataBatch, QueryLayout layout)
    {
        EpochId = epochId;
        BatchTimestampMs = batchTimestampMs;
        WatermarkMs = watermarkMs;
        PreviousWatermarkMs = previousWatermarkMs;
        Mode = mode;
        IsNoDataBatch = isNoDataBatch;
        SourceRows = new long[layout.Sources];
        EventTimes = new EventTimeAccumulator[layout.WatermarkInputs];
        Operators = new OperatorEpochMetrics[layout.StatefulOperators];
    }

    public long EpochId { get; }

    public long BatchTimestampMs { get; }

    /// <summary>The global watermark this epoch runs with (computed at the end of the previous epoch).</summary>
    public long WatermarkMs { get; }

    /// <summary>The global watermark the previous epoch ran with (chained operators judge lateness by it).</summary>
    public long PreviousWatermarkMs { get; }

    public OutputMode Mode { get; }

    public bool IsNoDataBatch { get; }

    /// <summary>True for an epoch of a Continuous trigger: rows flow as they arrive, operators emit at once.</summary>
    public bool IsContinuous { get; init; }

    public long[] SourceRows { get; }

    public EventTimeAccumulator[] EventTimes { get; }

    public OperatorEpochMetrics[] Operators { get; }

    /// <summary>The epoch info of a stateful operator (DESIGN 4.5 rule 9 for chained operators).</summary>
    public EpochInfo InfoFor(bool chained, long upstreamDelayMs, bool hasWatermark)
    {
        var eviction = WatermarkMs - upstreamDelayMs;
        var lateness = chained ? PreviousWatermarkMs - upstreamDelayMs : eviction;
        return new EpochInfo(EpochId, BatchTimestampMs, Math.Max(lateness, 0), Math.Max(eviction, 0), Mode, hasWatermark) { IsContinuous = IsContinuous };
    }
}

/// <summary>How many slots the epoch facts of a compiled query need.</summary>
internal readonly record struct QueryLayout(int Sources, int WatermarkInputs, int StatefulOperators);

/// <summary>Event-time statistics of the rows that passed one watermark input in one epoch.</summary>
internal struct EventTimeAccumulator
{
    public long Count;
    public long Min;
    public long Max;
    public double Sum;

    public void Add(long t)
    {
        if (Count == 0)
        {
            Min = t;
            Max = t;
        }
        else
        {
            if (t < Min)
            {
                Min = t;
            }

            if (t > Max)
            {
                Max = t;
            }
        }

        Count++;
        Sum += t;
    }
}

/// <summary>The summed shard metrics of one stateful operator in one epoch.</summary>
internal struct OperatorEpochMetrics
{
    public string Name;
    public long NumRowsTotal;
    public long NumRowsUpdated;
    public long NumRowsRemoved;
    public long NumRowsDroppedByWatermark;
    public long MemoryUsedBytes;
    public int NumShards;
}
