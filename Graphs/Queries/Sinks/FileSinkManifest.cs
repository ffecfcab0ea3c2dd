using System.Text.Json;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Sinks;

/// <summary>
/// Reads a file sink's output as Spark reads a directory with <c>_spark_metadata</c>: when the directory has a manifest
/// (<c>_sluice_metadata</c>), exactly the part files it lists, so a reader never sees a staged, uncommitted or
/// merged-away file, nor a row twice; without a manifest, every <c>part-*.jsonl</c> file, by name.
/// </summary>
/// <example>
/// <code>
/// var rows = await FileSinkManifest.ReadRowsAsync&lt;WordCount&gt;("./out/word-count");
/// </code>
/// </example>
public static class FileSinkManifest
{
    private const int ReadAttempts = 3;

    /// <summary>The manifest's folder inside a sink directory.</summary>
    public const string DirectoryName = FileSinkLog.DirectoryName;

    /// <summary>The committed part files of <paramref name="directory"/>, in epoch order.</summary>
    /// <exception cref="StreamingQueryException">A manifest entry is damaged or missing; the message names the file.</exception>
    public static async Task<IReadOnlyList<CommittedFile>> ListAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var log = new FileSinkLog(directory);
        if (await log.ReadAsync(cancellationToken).ConfigureAwait(false) is { } manifest)
        {
            return manifest.Files;
        }

        var info = new DirectoryInfo(log.SinkDirectory);
        if (!info.Exists)
        {
            return [];
        }

        return info.EnumerateFiles("part-*.jsonl")
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new CommittedFile(f.Name, f.FullName, f.Length, -1, -1))
            .ToList();
    }

    /// <summary>Every row of the committed part files of <paramref name="directory"/>, in epoch order, each once.</summary>
    /// <typeparam name="T">The row type the query wrote.</typeparam>
    /// <exception cref="StreamingQueryException">A manifest entry is damaged, or a row does not parse (naming file and line).</exception>
    public static async Task<IReadOnlyList<T>> ReadRowsAsync<T>(string directory, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var files = await ListAsync(directory, cancellationToken).ConfigureAwait(false);
            try
            {
                var rows = new List<T>();
                foreach (var file in files)
                {
                    await ReadFileAsync(file.Path, rows, cancellationToken).ConfigureAwait(false);
                }

                return rows;
            }
            catch (FileNotFoundException) when (attempt < ReadAttempts)
            {
                // A compaction merged the file away (and a later one deleted it) since the listing: list again.
            }
        }
    }

    private static async Task ReadFileAsync<T>(string path, List<T> rows, CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                rows.Add(JsonSerializer.Deserialize<T>(line, StateSerialization.Options)!);
            }
            catch (JsonException e)
            {
                throw new StreamingQueryException($"{path}:{lineNumber}: the row does not parse as {typeof(T).Name} ({e.Message}): read the directory with the row type the query wrote.", e);
            }
        }
    }
}
