namespace Sluice.Graphs.Windows;

/// <summary>
/// Which event-time windows a row belongs to: built by <see cref="Window.Tumbling"/>, <see cref="Window.Sliding"/> or
/// <see cref="Window.Session(TimeSpan)"/>, then passed to <c>GroupBy(key, window)</c> or <c>Window(window)</c>.
/// </summary>
/// <remarks>
/// Tumbling and sliding windows are aligned to the Unix epoch plus <see cref="Offset"/> (Spark's <c>startTime</c>):
/// every window starts at <c>offset + k * slide</c> and lasts <see cref="Size"/>. A session window of an event at t
/// covers <c>[t, t + gap)</c>; the sessions of one key merge when they overlap or touch.
/// </remarks>
public sealed class WindowAssigner
{
    internal WindowAssigner(WindowKind kind, long sizeMs, long slideMs, long offsetMs, long gapMs, Delegate? dynamicGap, Type? rowType)
    {
        Kind = kind;
        SizeMs = sizeMs;
        SlideMs = slideMs;
        OffsetMs = offsetMs;
        GapMs = gapMs;
        DynamicGap = dynamicGap;
        RowType = rowType;
    }

    /// <summary>The kind of window.</summary>
    public WindowKind Kind { get; }

    /// <summary>The length of a tumbling or sliding window (zero for sessions).</summary>
    public TimeSpan Size => TimeSpan.FromMilliseconds(SizeMs);

    /// <summary>How often a sliding window starts (the size for a tumbling window, zero for sessions).</summary>
    public TimeSpan Slide => TimeSpan.FromMilliseconds(SlideMs);

    /// <summary>How far window starts are shifted from multiples of the slide (Spark's <c>startTime</c>), in [0, slide).</summary>
    public TimeSpan Offset => TimeSpan.FromMilliseconds(OffsetMs);

    /// <summary>The fixed gap of a session window (zero for other kinds, and for a session whose gap depends on the row).</summary>
    public TimeSpan Gap => TimeSpan.FromMilliseconds(GapMs);

    /// <summary>True for a session window whose gap is computed from each row.</summary>
    public bool HasDynamicGap => DynamicGap is not null;

    internal long SizeMs { get; }

    internal long SlideMs { get; }

    internal long OffsetMs { get; }

    internal long GapMs { get; }

    /// <summary>A <c>Func&lt;T, TimeSpan&gt;</c> for a session window with a per-row gap.</summary>
    internal Delegate? DynamicGap { get; }

    /// <summary>The row type <see cref="DynamicGap"/> takes.</summary>
    internal Type? RowType { get; }

    /// <summary>The start of the latest window that contains <paramref name="timeMs"/> (tumbling and sliding).</summary>
    internal long LastStartFor(long timeMs)
    {
        // Floor modulo, so that times before 1970 get windows aligned the same way.
        var remainder = (timeMs - OffsetMs) % SlideMs;
        if (remainder < 0)
        {
            remainder += SlideMs;
        }

        return timeMs - remainder;
    }

    /// <summary>The per-row gap function, checked against the row type of the stream it is used on.</summary>
    internal Func<T, TimeSpan>? DynamicGapFor<T>() =>
        DynamicGap switch
        {
            null => null,
            Func<T, TimeSpan> gap => gap,
            _ => throw new ArgumentException(
                $"The session window's gap function takes rows of {RowType?.Name}, but the stream's rows are {typeof(T).Name}: build it with Window.Session<{typeof(T).Name}>(row => ...).",
                nameof(DynamicGap)),
        };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        WindowKind.Tumbling => $"tumbling({Size})",
        WindowKind.Sliding => $"sliding({Size}, {Slide})",
        _ => HasDynamicGap ? "session(dynamic gap)" : $"session({Gap})",
    };
}
