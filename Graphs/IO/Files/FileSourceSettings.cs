using System.Text.Json;
using Sluice.Graphs.IO.Csv;

namespace Sluice.Graphs.IO.Files;

/// <summary>
/// How a file source watches a directory: which files it takes, in what order, how many per trigger, when a
/// file counts as complete, and what it does with malformed records.
/// </summary>
/// <param name="Directory">The directory to watch; it must exist when the source scans it.</param>
/// <param name="Format">The format of the files.</param>
public sealed record FileSourceSettings(string Directory, FileFormat Format)
{
    /// <summary>
    /// Which files to read, relative to <see cref="Directory"/>: <c>*.csv</c> (files directly inside it) or
    /// <c>**/*.csv</c> (at any depth). Default <c>*</c>. Files and directories whose names start with '.' or '_',
    /// and files ending in <c>.tmp</c> or <c>._COPYING_</c>, are always ignored, as Spark does.
    /// </summary>
    public string Glob { get; init; } = "*";

    /// <summary>The most new files one scan admits (Spark's maxFilesPerTrigger); null for no limit.</summary>
    public int? MaxFilesPerTrigger
    {
        get;
        init => field = value is null or > 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxFilesPerTrigger), value, "MaxFilesPerTrigger must be positive, or null for no limit.");
    }

    /// <summary>
    /// How long a file's size and modification time must stay unchanged, across at least two scans, before it
    /// is read (default 1 second): a file still being written is not read half-way. Zero reads a file at first
    /// sight, for writers that publish by atomic rename only.
    /// </summary>
    public TimeSpan SettleTime
    {
        get;
        init => field = value >= TimeSpan.Zero ? value
            : throw new ArgumentOutOfRangeException(nameof(SettleTime), value, "SettleTime must not be negative.");
    } = TimeSpan.FromSeconds(1);

    /// <summary>How often a running file source lists the directory when it has nothing to read (default 500 ms).</summary>
    public TimeSpan PollInterval
    {
        get;
        init => field = value > TimeSpan.Zero ? value
            : throw new ArgumentOutOfRangeException(nameof(PollInterval), value, "PollInterval must be positive.");
    } = TimeSpan.FromMilliseconds(500);

    /// <summary>Read the newest files first (default false: oldest first, by modification time, then name).</summary>
    public bool LatestFirst { get; init; }

    /// <summary>What to do with a malformed record (default <see cref="BadRecordPolicy.Fail"/>).</summary>
    public BadRecordPolicy BadRecords { get; init; } = BadRecordPolicy.Fail;

    /// <summary>
    /// With <see cref="BadRecordPolicy.Skip"/>, a file to which skipped records are appended as JSON lines
    /// (<c>{"file","line","record","reason"}</c>); null to only count them.
    /// </summary>
    public string? BadRecordsPath { get; init; }

    /// <summary>How CSV files are read.</summary>
    public CsvOptions Csv { get; init; } = CsvOptions.Default;

    /// <summary>The JSON options for JSON lines (default <see cref="JsonSerializerOptions.Default"/>).</summary>
    public JsonSerializerOptions? Json { get; init; }
}
