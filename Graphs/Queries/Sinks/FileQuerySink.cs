using System.Text.Json;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Sinks;

/*
 * Commit protocol of the file sink (DESIGN 4.4 steps 4-6, with Spark's _spark_metadata as the commit record):
 *   stage N:      while the epoch runs, append its rows chunk by chunk to _staging/part-N.jsonl (the first chunk
 *                 replaces an earlier attempt of N);
 *   pre-commit N: append the epoch's last rows, flush the file to disk and close it;
 *   commit N:     if the manifest has an entry for N, stop (committed); else rename the staged file to part-N.jsonl
 *                 (replacing a rename left by an interrupted commit), then write the manifest entry of N: the commit point.
 *                 Every CompactInterval epochs the entry is a compact one, which may also list merged part files
 *                 instead of small ones; files and entries a compaction superseded are deleted one compaction later, so
 *                 a reader that listed the manifest just before still finds what it listed.
 *   recovery:     the engine first re-commits the checkpoint's last committed epoch C (finishing an interrupted commit),
 *                 then AbortAfterAsync(C) drops staged files after C and part files no entry ever listed.
 * A reader that follows the manifest (FileSinkManifest, DataStream.Files on this directory) therefore sees each row of
 * each committed epoch exactly once, whatever the crash point.
 */

/// <summary>
/// Writes each epoch as one JSON-lines part file, staged on pre-commit and committed by a rename plus an entry in the
/// directory's manifest (<c>_sluice_metadata</c>). Append mode only, as Spark's file sink.
/// </summary>
internal sealed class FileQuerySink<T>(string directory, FileSinkOptions? options = null) : QuerySink<T>
{
    private readonly FileSinkLog _log = new(directory);
    private readonly FileSinkOptions _options = options ?? FileSinkOptions.Default;

    public override string Description => $"FileSink[{directory}]";

    /// <summary>Called between the rename of an epoch's part file and its manifest entry (crash tests stop the commit there).</summary>
    internal Action<long>? BeforeManifestWrite { get; init; }

    private string Staging => Path.Combine(_log.SinkDirectory, "_staging");

    public override string? Check(OutputMode mode, Trigger trigger) =>
        mode != OutputMode.Append ? $"the file sink supports only Append output mode (the query uses {mode}): use Append, or write with ForEachBatch."
        : _options.Problem();

    /// <summary>The staging file of the epoch being written, open between its chunks.</summary>
    private (long Epoch, FileStream Stream)? _open;

    public override bool StagesRowsInChunks => true;

    public override async ValueTask StageAsync(long epochId, IReadOnlyList<T> rows, CancellationToken cancellationToken) =>
        await WriteRowsAsync(OpenStaging(epochId), rows, cancellationToken).ConfigureAwait(false);

    public override async ValueTask PreCommitAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken)
    {
        if (_open is { } open && open.Epoch == epochId)
        {
            // Chunks were staged: the last rows complete the file.
            await WriteRowsAsync(open.Stream, rows, cancellationToken).ConfigureAwait(false);
            CloseStaging(flushToDisk: true);
            return;
        }

        CloseStaging(flushToDisk: false); // an epoch that never reached its pre-commit
        var path = Path.Combine(Staging, FileSinkLog.PartName(epochId, epochId));
        if (rows.Count == 0)
        {
            // Like Spark's file sink, an epoch without rows leaves no part file (its manifest entry lists none); a part
            // staged by an earlier attempt of the epoch goes.
            if (Directory.Exists(Staging))
            {
                File.Delete(path);
            }

            return;
        }

        await WriteRowsAsync(OpenStaging(epochId), rows, cancellationToken).ConfigureAwait(false);
        CloseStaging(flushToDisk: true);
    }

    private FileStream OpenStaging(long epochId)
    {
        if (_open is { } open && open.Epoch == epochId)
        {
            return open.Stream;
        }

        CloseStaging(flushToDisk: false);
        Directory.CreateDirectory(Staging);
        var stream = File.Create(Path.Combine(Staging, FileSinkLog.PartName(epochId, epochId))); // replaces an earlier attempt
        _open = (epochId, stream);
        return stream;
    }

    private void CloseStaging(bool flushToDisk)
    {
        if (_open is { } open)
        {
            _open = null;
            if (flushToDisk)
            {
                // The commit log is written next: from then on this file is the only copy of the epoch's output.
                open.Stream.Flush(flushToDisk: true);
            }

            open.Stream.Dispose();
        }
    }

    private static async Task WriteRowsAsync(FileStream stream, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            await JsonSerializer.SerializeAsync(stream, row, StateSerialization.Options, cancellationToken).ConfigureAwait(false);
            stream.WriteByte((byte)'\n');
        }
    }

    public override async ValueTask CommitAsync(long epochId, OutputMode mode, CancellationToken cancellationToken)
    {
        if (_log.IsCommitted(epochId))
        {
            return;
        }

        var name = FileSinkLog.PartName(epochId, epochId);
        var staged = Path.Combine(Staging, name);
        var target = Path.Combine(_log.SinkDirectory, name);
        if (File.Exists(staged))
        {
            File.Move(staged, target, overwrite: true);
        }

        // No staged file: either the epoch had no rows, or an interrupted commit renamed it already.
        var part = new FileInfo(target);
        List<CommittedFile> files = part.Exists ? [new CommittedFile(name, part.FullName, part.Length, epochId, epochId)] : [];
        BeforeManifestWrite?.Invoke(epochId);
        if ((epochId + 1) % _options.CompactInterval == 0)
        {
            await CompactAsync(epochId, files, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _log.WriteAsync(epochId, files, compact: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the compact entry of <paramref name="epochId"/>: every committed file, small ones merged; then retires what the previous compaction superseded.</summary>
    private async Task CompactAsync(long epochId, List<CommittedFile> added, CancellationToken cancellationToken)
    {
        var before = await _log.ReadAsync(cancellationToken).ConfigureAwait(false);
        var listing = new List<CommittedFile>(before?.Files ?? []);
        listing.AddRange(added);
        if (_options.MergeFilesSmallerThan > 0 && before is { LastCompact: >= 0 })
        {
            // Only files the previous compaction listed: a streaming reader less than an interval behind has read them
            // all, so it never meets a merged file holding epochs it has partly read.
            listing = await MergeSmallFilesAsync(listing, before.LastCompact, cancellationToken).ConfigureAwait(false);
        }

        await _log.WriteAsync(epochId, listing, compact: true, cancellationToken).ConfigureAwait(false);

        // Retention: a reader may still be reading the previous listing (the previous compact entry and the entries
        // after it), so keep those entries and files; everything older goes now.
        if (before is { LastCompact: >= 0 })
        {
            _log.DeleteBefore(before.LastCompact);
        }

        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in before?.Files ?? [])
        {
            keep.Add(file.Name);
        }

        foreach (var file in listing)
        {
            keep.Add(file.Name);
        }

        DeleteParts(name => !keep.Contains(name));
    }

    /// <summary>Concatenates runs of consecutive files of epochs up to <paramref name="lastEpoch"/> smaller than the threshold into files of about the threshold's size.</summary>
    private async Task<List<CommittedFile>> MergeSmallFilesAsync(List<CommittedFile> listing, long lastEpoch, CancellationToken cancellationToken)
    {
        var threshold = _options.MergeFilesSmallerThan;
        var result = new List<CommittedFile>(listing.Count);
        var run = new List<CommittedFile>();
        long runSize = 0;
        foreach (var file in listing)
        {
            if (file.Epoch > lastEpoch)
            {
                await FlushRunAsync().ConfigureAwait(false);
                result.Add(file);
                continue;
            }

            if (file.Size >= threshold || runSize >= threshold)
            {
                await FlushRunAsync().ConfigureAwait(false);
            }

            if (file.Size >= threshold)
            {
                result.Add(file);
                continue;
            }

            run.Add(file);
            runSize += file.Size;
        }

        await FlushRunAsync().ConfigureAwait(false);
        return result;

        async Task FlushRunAsync()
        {
            if (run.Count == 1)
            {
                result.Add(run[0]);
            }
            else if (run.Count > 1)
            {
                result.Add(await ConcatenateAsync(run, cancellationToken).ConfigureAwait(false));
            }

            run.Clear();
            runSize = 0;
        }
    }

    private async Task<CommittedFile> ConcatenateAsync(List<CommittedFile> run, CancellationToken cancellationToken)
    {
        var name = FileSinkLog.PartName(run[0].FirstEpoch, run[^1].Epoch);
        var path = Path.Combine(_log.SinkDirectory, name);
        var temporary = Path.Combine(_log.SinkDirectory, "." + name + ".tmp");
        var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None);
        await using (output.ConfigureAwait(false))
        {
            foreach (var file in run)
            {
                var input = File.OpenRead(file.Path);
                await using (input.ConfigureAwait(false))
                {
                    await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                }
            }

            output.Flush(flushToDisk: true);
        }

        // Not listed until the compact entry is written: a crash before that leaves a file no reader sees.
        File.Move(temporary, path, overwrite: true);
        return new CommittedFile(name, path, new FileInfo(path).Length, run[0].FirstEpoch, run[^1].Epoch);
    }

    public override async ValueTask AbortAfterAsync(long committedEpoch, CancellationToken cancellationToken)
    {
        CloseStaging(flushToDisk: false); // a half-staged epoch of an earlier run is deleted below
        // Reading the manifest at start also fails the start, naming the file, when an entry is damaged.
        var manifest = await _log.ReadAsync(cancellationToken).ConfigureAwait(false);

        // The manifest exists from the start, even empty: a reader starting before the first commit follows it, and so
        // never takes the first part file in the moment between its rename and its entry.
        Directory.CreateDirectory(_log.LogDirectory);
        var last = manifest?.LastEpoch ?? -1;
        if (last > committedEpoch)
        {
            throw new StreamingQueryException(
                $"The file sink manifest '{_log.LogDirectory}' records epochs up to {last}, but the query's checkpoint has committed only up to {committedEpoch}: " +
                "the directory holds the output of another query, or the checkpoint was reset. Write to a new output directory, or restore the checkpoint that wrote it.");
        }

        var staging = new DirectoryInfo(Staging);
        if (staging.Exists)
        {
            foreach (var file in staging.EnumerateFiles("part-*.jsonl"))
            {
                if (FileSinkLog.TryParsePartName(file.Name, out _, out var epoch) && epoch > committedEpoch)
                {
                    file.Delete();
                }
            }
        }

        if (manifest is not null)
        {
            // Part files of epochs after the last entry were renamed by a commit that never wrote its entry: never reported, drop them.
            DeleteParts(name => FileSinkLog.TryParsePartName(name, out var first, out _) && first > last);
        }
    }

    /// <summary>Deletes the sink's part files whose name matches.</summary>
    private void DeleteParts(Func<string, bool> obsolete)
    {
        foreach (var file in new DirectoryInfo(_log.SinkDirectory).EnumerateFiles("part-*.jsonl"))
        {
            if (obsolete(file.Name))
            {
                file.Delete();
            }
        }
    }

    protected override ValueTask WriteEpochAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
