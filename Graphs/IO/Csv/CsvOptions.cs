namespace Sluice.Graphs.IO.Csv;

/// <summary>How a CSV input is read.</summary>
public sealed record CsvOptions
{
    /// <summary>The defaults: a header row, comma delimited.</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>
    /// Whether the first record is a header naming the columns (default true). With a header, every record
    /// must have as many fields as it; without one, columns are named <c>_c0</c>, <c>_c1</c>... as Spark does.
    /// </summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>The field delimiter, an ASCII character other than '"', '\r' or '\n' (default ',').</summary>
    public char Delimiter
    {
        get;
        init => field = value is > '\0' and < (char)128 and not ('"' or '\r' or '\n')
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Delimiter), value,
                "A CSV delimiter must be an ASCII character other than '\"', '\\r' and '\\n'; use ',', ';', '\\t' or '|'.");
    } = ',';
}
