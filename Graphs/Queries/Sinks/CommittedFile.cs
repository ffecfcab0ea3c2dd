namespace Sluice.Graphs.Queries.Sinks;

/// <summary>A part file that the file sink's manifest lists as committed.</summary>
/// <param name="Name">The file name, relative to the sink directory (<c>part-00000007.jsonl</c>).</param>
/// <param name="Path">The full path.</param>
/// <param name="Size">Its size in bytes when committed.</param>
/// <param name="FirstEpoch">The first epoch whose rows it holds (less than <paramref name="Epoch"/> for a merged file).</param>
/// <param name="Epoch">The last epoch whose rows it holds; -1 when the directory has no manifest and the epoch is unknown.</param>
public sealed record CommittedFile(string Name, string Path, long Size, long FirstEpoch, long Epoch);
