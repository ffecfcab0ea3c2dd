using Sluice.Graphs.Queries.Sinks;
using System.Text.Json;

namespace Sluice.Scenarios.Recovery;

/// <summary>Reads what a job committed, the way a downstream reader of its output would.</summary>
internal static class CommittedOutput
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The rows of the file sink's committed files in <paramref name="directory"/>, as a downstream reader sees them:
    /// exactly the files its <c>_sluice_metadata</c> manifest lists (never a staged or unrecorded part file).
    /// </summary>
    public static async Task<List<T>> FileSinkAsync<T>(string directory) =>
        Directory.Exists(directory) ? [.. await FileSinkManifest.ReadRowsAsync<T>(directory)] : [];

    /// <summary>The lines of the epoch files a ForEachBatch function wrote (<c>epoch-N.csv</c>, one per epoch with rows).</summary>
    public static List<string> EpochFiles(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.GetFiles(directory, "epoch-*.csv").Order(StringComparer.Ordinal).SelectMany(File.ReadLines).Where(static l => l.Length > 0)]
            : [];
}
