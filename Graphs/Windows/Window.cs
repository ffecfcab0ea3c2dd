namespace Sluice.Graphs.Windows;

/// <summary>
/// Builds event-time windows for <c>GroupBy(key, window)</c> and <c>Window(window)</c> (Spark's <c>window</c> and
/// <c>session_window</c> functions).
/// </summary>
/// <example>
/// <code>
/// words.GroupBy(w => w.Text, Window.Sliding(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5))).Count();
/// clicks.GroupBy(c => c.User, Window.Session(TimeSpan.FromMinutes(30))).Count();
/// </code>
/// </example>
public static class Window
{
    /// <summary>Windows of <paramref name="size"/> that do not overlap: <c>[offset + k * size, offset + (k + 1) * size)</c>.</summary>
    /// <param name="size">The window length (at least 1 ms).</param>
    /// <param name="offset">Shifts the window starts from multiples of the size (Spark's <c>startTime</c>); may be negative.</param>
    public static WindowAssigner Tumbling(TimeSpan size, TimeSpan offset = default)
    {
        var sizeMs = Positive(size, nameof(size));
        return new WindowAssigner(WindowKind.Tumbling, sizeMs, sizeMs, Normalize(offset, sizeMs), 0, null, null);
    }

    /// <summary>Windows of <paramref name="size"/> starting every <paramref name="slide"/>: an event belongs to size / slide of them.</summary>
    /// <param name="size">The window length (at least 1 ms).</param>
    /// <param name="slide">How often a window starts (at least 1 ms, at most <paramref name="size"/>).</param>
    /// <param name="offset">Shifts the window starts from multiples of the slide (Spark's <c>startTime</c>); may be negative.</param>
    public static WindowAssigner Sliding(TimeSpan size, TimeSpan slide, TimeSpan offset = default)
    {
        var sizeMs = Positive(size, nameof(size));
        var slideMs = Positive(slide, nameof(slide));
        if (slideMs > sizeMs)
        {
            throw new ArgumentOutOfRangeException(
                nameof(slide), slide, $"A sliding window's slide ({slide}) must not exceed its size ({size}): rows between windows would be lost. Use a slide <= size.");
        }

        var kind = slideMs == sizeMs ? WindowKind.Tumbling : WindowKind.Sliding;
        return new WindowAssigner(kind, sizeMs, slideMs, Normalize(offset, slideMs), 0, null, null);
    }

    /// <summary>Session windows: an event at t covers <c>[t, t + gap)</c>; the sessions of one key merge when they overlap or touch.</summary>
    /// <param name="gap">The inactivity gap that closes a session (at least 1 ms).</param>
    public static WindowAssigner Session(TimeSpan gap) =>
        new(WindowKind.Session, 0, 0, 0, Positive(gap, nameof(gap)), null, null);

    /// <summary>
    /// Session windows whose gap depends on the row (Spark's dynamic <c>session_window</c>): an event at t covers
    /// <c>[t, t + gap(row))</c>. A row whose gap is zero or negative is dropped (not counted as late).
    /// </summary>
    /// <typeparam name="T">The row type of the stream the window is used on.</typeparam>
    /// <param name="gap">The gap of each row.</param>
    public static WindowAssigner Session<T>(Func<T, TimeSpan> gap)
    {
        ArgumentNullException.ThrowIfNull(gap);
        return new WindowAssigner(WindowKind.Session, 0, 0, 0, 0, gap, typeof(T));
    }

    private static long Positive(TimeSpan value, string name)
    {
        var ms = (long)value.TotalMilliseconds;
        if (ms < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"A window's {name} must be at least 1 millisecond.");
        }

        return ms;
    }

    private static long Normalize(TimeSpan offset, long slideMs)
    {
        var ms = (long)offset.TotalMilliseconds % slideMs;
        return ms < 0 ? ms + slideMs : ms;
    }
}
