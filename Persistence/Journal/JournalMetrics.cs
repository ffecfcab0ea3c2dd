using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sluice.Persistence.Journal;

/// <summary>
/// The journal's instruments on the meter <c>Sluice.Persistence</c>: <c>sluice.journal.write.duration</c>, the time of each
/// batch write (one transaction of many persistent actors' events) in milliseconds, tagged with the store. One record
/// per batch, never per event.
/// </summary>
internal static class JournalMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Sluice.Persistence";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> WriteDuration = Meter.CreateHistogram<double>(
        "sluice.journal.write.duration", unit: "ms", description: "Duration of a journal batch write (one transaction), in milliseconds");

    /// <summary>Records a batch write of <paramref name="store"/> that started at <paramref name="startedAt"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static void RecordWrite(IJournalStore store, long startedAt)
    {
        if (WriteDuration.Enabled)
        {
            WriteDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds, new KeyValuePair<string, object?>("store", store.GetType().Name));
        }
    }
}
