using Sluice.Graphs.IO;
using Sluice.Graphs.IO.Csv;
using Sluice.Graphs.IO.Files;
using Sluice.Graphs.Queries.Sinks;

namespace Sluice.Graphs.Queries.Sources;

/// <summary>
/// The files of a directory as a query source (Spark's file stream source): files are taken in modification-time then
/// name order, each once; the offset is the number of files taken, and the list of files taken so far is the source's
/// log in the query's checkpoint (so that after a restart offset N means the same N files, whatever appeared since).
/// Files must appear complete (written elsewhere, then moved in). A directory written by the file sink (it has a
/// <c>_sluice_metadata</c> manifest) is read by its manifest instead, as Spark reads <c>_spark_metadata</c>: exactly the
/// committed part files, in epoch order; a file the sink merged from epochs already taken is skipped.
/// </summary>
internal sealed class FileQuerySource<T>(string directory, FileFormat format, int? maxFilesPerTrigger) : QuerySource<T>, ILoggedSource
{
    private SourceLog? _log;

    private readonly Func<Stream, IRecordReader<T>> _open = RecordReaderFactory.For<T>(format, CsvOptions.Default, null);
    private readonly List<string> _files = [];
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly FileSinkLog _manifest = new(directory);
    private long _lastEpochTaken = -1; // reading a sink's manifest: the last epoch whose files were taken

    public override string Description => $"FileStreamSource[{directory}]";

    public async ValueTask RestoreAsync(SourceLog log, CancellationToken cancellationToken)
    {
        var taken = await log.ReadAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _log = log;
            for (var i = 0; i < taken.Count; i++)
            {
                if (i < _files.Count ? !string.Equals(_files[i], taken[i], StringComparison.Ordinal) : !_known.Add(taken[i]))
                {
                    throw new StreamingQueryException(
                        $"File source '{directory}': the checkpoint's list of taken files disagrees with this source at file {i} ('{taken[i]}'): use a new source instance for a restarted query.");
                }

                if (i >= _files.Count)
                {
                    _files.Add(taken[i]);
                }

                if (FileSinkLog.TryParsePartName(Path.GetFileName(taken[i]), out _, out var epoch))
                {
                    _lastEpochTaken = Math.Max(_lastEpochTaken, epoch);
                }
            }
        }
    }

    public override async ValueTask<long> LatestOffsetAsync(long start, bool applyLimits, CancellationToken cancellationToken)
    {
        var info = new DirectoryInfo(directory);
        if (!info.Exists)
        {
            throw new StreamingQueryException($"File source directory '{info.FullName}' does not exist: create it before starting the query.");
        }

        var manifest = await _manifest.ReadAsync(cancellationToken).ConfigureAwait(false);
        var added = new List<string>();
        var lastEpoch = -1L;
        SourceLog? log;
        lock (_gate)
        {
            if (manifest is not null)
            {
                lastEpoch = NewCommittedFiles(manifest, added);
            }
            else
            {
                var fresh = info.EnumerateFiles()
                    .Where(f => !f.Name.StartsWith('.') && !f.Name.StartsWith('_') && !f.Name.EndsWith(".tmp", StringComparison.Ordinal))
                    .OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal);
                foreach (var file in fresh)
                {
                    if (!_known.Contains(file.FullName))
                    {
                        added.Add(file.FullName);
                    }
                }
            }

            log = _log;
        }

        if (added.Count > 0)
        {
            // Logged before they count: an offset entry may only refer to files the checkpoint knows.
            if (log is not null)
            {
                await log.AppendAsync(added, cancellationToken).ConfigureAwait(false);
            }

            lock (_gate)
            {
                foreach (var file in added)
                {
                    _known.Add(file);
                    _files.Add(file);
                }

                _lastEpochTaken = Math.Max(_lastEpochTaken, lastEpoch);
            }
        }

        lock (_gate)
        {
            long latest = _files.Count;
            if (applyLimits && maxFilesPerTrigger is { } max)
            {
                latest = Math.Min(latest, start + max);
            }

            return latest;
        }
    }

    /// <summary>The manifest's files not taken yet, in epoch order; returns the last epoch they hold (-1: none).</summary>
    private long NewCommittedFiles(ManifestSnapshot manifest, List<string> added)
    {
        var last = _lastEpochTaken;
        foreach (var file in manifest.Files)
        {
            if (_known.Contains(file.Path) || file.Epoch <= last)
            {
                continue; // taken, or merged by the sink from files taken already
            }

            if (file.FirstEpoch <= last)
            {
                throw new StreamingQueryException(
                    $"File source '{directory}': the sink merged epochs {file.FirstEpoch} to {file.Epoch} into '{file.Name}' while this query had read up to epoch {last}, " +
                    "so its rows can be neither skipped nor read once: read the sink's output with a query that keeps up, or write it without MergeFilesSmallerThan.");
            }

            added.Add(file.Path);
            last = file.Epoch;
        }

        return added.Count > 0 ? last : -1;
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
