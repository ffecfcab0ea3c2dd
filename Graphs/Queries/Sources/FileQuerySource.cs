using Sluice.Graphs.IO;
using Sluice.Graphs.IO.Csv;
using Sluice.Graphs.IO.Files;

namespace Sluice.Graphs.Queries.Sources;

/// <summary>
/// The files of a directory as a query source (Spark's file stream source): files are taken in modification-time then
/// name order, each once; the offset is the number of files taken, and the list of files taken so far is the source's
/// log (kept in memory here; issue 6 makes it durable). Files must appear complete (written elsewhere, then moved in).
/// </summary>
internal sealed class FileQuerySource<T>(string directory, FileFormat format, int? maxFilesPerTrigger) : QuerySource<T>
{
    private readonly Func<Stream, IRecordReader<T>> _open = RecordReaderFactory.For<T>(format, CsvOptions.Default, null);
    private readonly List<string> _files = [];
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public override string Description => $"FileStreamSource[{directory}]";

    public override ValueTask<long> LatestOffsetAsync(long start, bool applyLimits, CancellationToken cancellationToken)
    {
        var info = new DirectoryInfo(directory);
        if (!info.Exists)
        {
            throw new StreamingQueryException($"File source directory '{info.FullName}' does not exist: create it before starting the query.");
        }

        var fresh = info.EnumerateFiles()
            .Where(f => !f.Name.StartsWith('.') && !f.Name.StartsWith('_') && !f.Name.EndsWith(".tmp", StringComparison.Ordinal))
            .OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        lock (_gate)
        {
            foreach (var file in fresh)
            {
                if (_known.Add(file.FullName))
                {
                    _files.Add(file.FullName);
                }
            }

            long latest = _files.Count;
            if (applyLimits && maxFilesPerTrigger is { } max)
            {
                latest = Math.Min(latest, start + max);
            }

            return ValueTask.FromResult(latest);
        }
    }

    public override async ValueTask<IEnumerable<T>> ReadAsync(long start, long end, CancellationToken cancellationToken)
    {
        string[] files;
        lock (_gate)
        {
            files = _files.GetRange((int)start, (int)(end - start)).ToArray();
        }

        var rows = new List<T>();
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            await using var reader = _open(stream);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } record)
            {
                if (record.Error is { } error)
                {
                    throw new StreamingQueryException($"{file}:{record.LineNumber}: {error}");
                }

                rows.Add(record.Value!);
            }
        }

        return rows;
    }
}
