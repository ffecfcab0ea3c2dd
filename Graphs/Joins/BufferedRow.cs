namespace Sluice.Graphs.Joins;

/// <summary>A row buffered by a stream–stream join, with its event time and whether it ever matched (outer and semi joins need that).</summary>
internal sealed class BufferedRow<T>
{
    public T Value { get; set; } = default!;

    public long EventTimeMs { get; set; }

    public bool Matched { get; set; }
}
