using System.Text.Json;

namespace Sluice.Scenarios.Recovery;

/// <summary>Reads what a job committed, the way a downstream reader of its output would.</summary>
internal static class CommittedOutput
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The rows of the file sink's committed files in <paramref name="directory"/>. The one place that knows how to tell
    /// committed files from staged ones: today the part files at the top of the directory (staged ones live in
    /// <c>_staging</c>). When the sink's <c>_sluice_metadata</c> manifest lands (branch s4-filesink), the body becomes
    /// <c>[.. await FileSinkManifest.ReadRowsAsync&lt;T&gt;(directory)]</c>: exactly the files the manifest lists.
    /// </summary>
    public static async Task<List<T>> FileSinkAsync<T>(string directory)
    {
        var rows = new List<T>();
        if (!Directory.Exists(directory))
        {
            return rows;
        }

        foreach (var file in Directory.GetFiles(directory, "part-*.jsonl", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            foreach (var line in await File.ReadAllLinesAsync(file))
            {
                if (line.Length > 0)
                {
                    rows.Add(JsonSerializer.Deserialize<T>(line, Json)!);
                }
            }
        }

        return rows;
    }

    /// <summary>The lines of the epoch files a ForEachBatch function wrote (<c>epoch-N.csv</c>, one per epoch with rows).</summary>
    public static List<string> EpochFiles(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.GetFiles(directory, "epoch-*.csv").Order(StringComparer.Ordinal).SelectMany(File.ReadLines).Where(static l => l.Length > 0)]
            : [];
}
