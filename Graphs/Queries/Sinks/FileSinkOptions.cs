namespace Sluice.Graphs.Queries.Sinks;

/// <summary>How the file sink keeps its commit manifest (<c>_sluice_metadata</c>) and its part files small in number.</summary>
/// <example>
/// <code>
/// await stream.WriteStream().CheckpointLocation("./ckpt/q1")
///     .StartFilesAsync("./out/q1", new FileSinkOptions { CompactInterval = 20, MergeFilesSmallerThan = 1 &lt;&lt; 20 });
/// </code>
/// </example>
public sealed record FileSinkOptions
{
    /// <summary>The defaults: compact the manifest every 10 epochs, never merge part files.</summary>
    public static FileSinkOptions Default { get; } = new();

    /// <summary>
    /// Every this many epochs the manifest's entries are folded into one compact entry (<c>N.compact</c>, written at epoch
    /// N when N + 1 is a multiple of it, like Spark's <c>spark.sql.streaming.fileSink.log.compactInterval</c>); entries
    /// older than the previous compact entry are then deleted. Default 10; at least 1.
    /// </summary>
    public int CompactInterval { get; init; } = 10;

    /// <summary>
    /// At each compaction, consecutive part files smaller than this many bytes, among those the previous compaction
    /// listed, are concatenated into files of about this size, which the compact entry lists instead of them (the
    /// originals are deleted one compaction later). A streaming reader of the directory less than an interval behind
    /// never meets a merge of epochs it has partly read; one further behind fails, naming the merged file.
    /// 0 (the default) never merges.
    /// </summary>
    public long MergeFilesSmallerThan { get; init; }

    /// <summary>Null when valid; otherwise what is wrong and the fix.</summary>
    internal string? Problem() =>
        CompactInterval < 1 ? $"CompactInterval is {CompactInterval}: give at least 1 (10 is Spark's default)."
        : MergeFilesSmallerThan < 0 ? $"MergeFilesSmallerThan is {MergeFilesSmallerThan}: give a size in bytes, or 0 to never merge part files."
        : null;
}
