using Sluice.Graphs.State;

namespace Sluice.Graphs.Windows;

/// <summary>
/// A window of event time, <c>[Start, End)</c>: the start is included, the end is not (Spark's <c>window</c> column).
/// Times are kept as milliseconds since the Unix epoch.
/// </summary>
/// <param name="StartMs">The first millisecond in the window, since the Unix epoch.</param>
/// <param name="EndMs">The first millisecond after the window, since the Unix epoch.</param>
public readonly record struct TimeWindow(long StartMs, long EndMs)
{
    /// <summary>The window's start (included), in UTC.</summary>
    public DateTimeOffset Start => EventTime.FromMs(StartMs);

    /// <summary>The window's end (excluded), in UTC.</summary>
    public DateTimeOffset End => EventTime.FromMs(EndMs);

    /// <summary>The window's length.</summary>
    public TimeSpan Length => TimeSpan.FromMilliseconds(EndMs - StartMs);

    /// <summary>
    /// The event time of the window's result row: the last millisecond in the window (Spark's <c>window_time</c>), so a
    /// second window aggregation downstream puts the row in the window that contains this one.
    /// </summary>
    public long RowTimeMs => EndMs - 1;

    /// <summary>True when <paramref name="timeMs"/> lies in the window.</summary>
    public bool Contains(long timeMs) => timeMs >= StartMs && timeMs < EndMs;

    /// <summary>The window as <c>[start, end)</c> in ISO 8601, as a console table shows it.</summary>
    public override string ToString() => $"[{Start:yyyy-MM-dd HH:mm:ss.fff}, {End:yyyy-MM-dd HH:mm:ss.fff})";
}
