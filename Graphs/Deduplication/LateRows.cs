using Sluice.Graphs.State;

namespace Sluice.Graphs.Deduplication;

/// <summary>Spark's lateness test for a row (DESIGN 4.5 rule 3): its event time is at or below the batch's lateness watermark.</summary>
internal static class LateRows
{
    public static bool IsLate(long eventTimeMs, in EpochInfo epoch) =>
        epoch.HasWatermark && eventTimeMs != EventTime.None && eventTimeMs <= epoch.LatenessWatermarkMs;
}
