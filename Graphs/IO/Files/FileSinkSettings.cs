using System.Text.Json;

namespace Sluice.Graphs.IO.Files;

/// <summary>How a file sink writes: the format and when a part file is closed and a new one started.</summary>
/// <param name="Format">JSON lines, CSV (with a header in every part) or text (one <c>ToString()</c> per line).</param>
public sealed record FileSinkSettings(FileFormat Format)
{
    /// <summary>Start a new part before it would grow past this many bytes (default 128 MiB); a single larger record gets a part of its own.</summary>
    public long MaxPartBytes
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxPartBytes), value, "MaxPartBytes must be positive.");
    } = 128L * 1024 * 1024;

    /// <summary>Close a part once it has been open this long (judged by the TimeProvider); null for no limit (default).</summary>
    public TimeSpan? MaxPartAge
    {
        get;
        init => field = value is null || value > TimeSpan.Zero ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxPartAge), value, "MaxPartAge must be positive, or null for no limit.");
    }

    /// <summary>
    /// CSV column names. Required for records of <c>string[]</c>; for dictionaries it picks and orders the
    /// columns (default: the first record's keys); rows of <c>CsvRow</c> bring their own header and objects
    /// use their JSON property names.
    /// </summary>
    public IReadOnlyList<string>? CsvHeader { get; init; }

    /// <summary>JSON options for JSON lines, and for the property names and values of objects written as CSV (default <see cref="JsonSerializerOptions.Default"/>).</summary>
    public JsonSerializerOptions? Json { get; init; }
}
