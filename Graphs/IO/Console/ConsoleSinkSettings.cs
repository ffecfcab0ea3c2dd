namespace Sluice.Graphs.IO.Console;

/// <summary>How a console sink shows each batch, as Spark's console sink options do.</summary>
public sealed record ConsoleSinkSettings
{
    /// <summary>The defaults: 20 rows, truncated cells.</summary>
    public static ConsoleSinkSettings Default { get; } = new();

    /// <summary>Rows shown per batch (default 20); more rows add the footer "only showing top N rows".</summary>
    public int NumRows
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(NumRows), value, "NumRows must not be negative.");
    } = 20;

    /// <summary>
    /// Cut cells longer than 20 characters to 17 plus "..." and right-align cells (default true); false shows
    /// cells whole and left-aligned. This is Spark's <c>truncate</c> option, alignment included.
    /// </summary>
    public bool Truncate { get; init; } = true;
}
