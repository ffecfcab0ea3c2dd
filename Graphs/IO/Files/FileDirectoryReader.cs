// The file source's logic, without a stage around it. Two explicit steps, so that a stage polls on its timer
// and reads with demand:
//   ScanAsync: list the directory; a file is a candidate until its size and modification time have stayed the
//     same for SettleTime (judged by the TimeProvider across two scans), then it is ready; ready files are
//     ordered by modification time then name, and up to MaxFilesPerTrigger of them are queued and remembered
//     as seen, so each file is read once.
//   ReadNextAsync: the next record of the queued files, in order, applying the bad-record policy.
// The offset (completed files, current file and records consumed in it) changes only in ReadNextAsync, so a
// file queued but not started is not in the offset and is found again by a scan after a restart.
using System.Globalization;
using Sluice.Graphs.IO.Csv;

namespace Sluice.Graphs.IO.Files;

/// <summary>
/// Reads new files of a directory as records, in modification-time order, each file once and only when
/// complete, from a given offset. Driven by explicit calls: <see cref="ScanAsync"/> admits newly complete
/// files, <see cref="ReadNextAsync"/> reads their records one at a time.
/// </summary>
/// <typeparam name="T">
/// The record type: <see cref="string"/> for <see cref="FileFormat.Text"/>; <see cref="CsvRow"/>,
/// <c>IReadOnlyDictionary&lt;string, string&gt;</c> or <c>string[]</c> for <see cref="FileFormat.Csv"/>;
/// <c>JsonElement</c> or any deserializable type for <see cref="FileFormat.JsonLines"/>.
/// </typeparam>
/// <example>
/// <code>
/// await using var files = new FileDirectoryReader&lt;CsvRow&gt;(new FileSourceSettings("/data/in", FileFormat.Csv) { Glob = "*.csv" });
/// await files.ScanAsync();
/// while (await files.ReadNextAsync() is { } record) Console.WriteLine($"{record.File}:{record.LineNumber} {record.Value["id"]}");
/// string checkpoint = files.Offset.ToJson();
/// </code>
/// </example>
public sealed class FileDirectoryReader<T> : IAsyncDisposable
{
    private readonly FileSourceSettings _settings;
    private readonly TimeProvider _time;
    private readonly Glob _glob;
    private readonly Func<Stream, IRecordReader<T>> _open;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Candidate> _candidates = new(StringComparer.Ordinal);
    private readonly HashSet<string> _present = new(StringComparer.Ordinal);
    private readonly List<ReadyFile> _ready = [];
    private readonly Queue<(string File, long Skip)> _queue = new();
    private string[] _completed = [];
    private readonly BadRecordLog? _badRecordLog;
    private IRecordReader<T>? _reader;
    private string? _currentFile;
    private long _currentRecords;

    /// <summary>Creates a reader; nothing is read until <see cref="ScanAsync"/>.</summary>
    /// <param name="settings">The directory, format and policies.</param>
    /// <param name="timeProvider">The clock that judges <see cref="FileSourceSettings.SettleTime"/> (default: the system clock).</param>
    /// <param name="startFrom">An offset to resume from: its completed files are never read again, and its current file is read first, skipping the records already consumed.</param>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a record type of the format.</exception>
    public FileDirectoryReader(FileSourceSettings settings, TimeProvider? timeProvider = null, FileSourceOffset? startFrom = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _time = timeProvider ?? TimeProvider.System;
        _glob = new Glob(settings.Glob);
        _open = RecordReaderFactory.For<T>(settings.Format, settings.Csv, settings.Json);
        if (settings.BadRecords == BadRecordPolicy.Skip && settings.BadRecordsPath is { } path)
        {
            _badRecordLog = new BadRecordLog(path);
        }

        if (startFrom is not null)
        {
            _completed = [.. startFrom.CompletedFiles];
            _seen.UnionWith(_completed);
            if (startFrom.CurrentFile is { } current)
            {
                // Reported as the position until the file is opened and its consumed records skipped.
                _seen.Add(current);
                _queue.Enqueue((current, startFrom.CurrentFileRecords));
                _currentFile = current;
                _currentRecords = startFrom.CurrentFileRecords;
            }
        }
    }

    /// <summary>The position to resume from: files read to the end, and the current file with its records consumed.</summary>
    public FileSourceOffset Offset => Position.ToOffset();

    /// <summary>The position without allocating: the completed-files array is replaced, never changed, when a file completes.</summary>
    internal FilePosition Position => new(_completed, _currentFile, _currentRecords);

    /// <summary>Malformed records skipped under <see cref="BadRecordPolicy.Skip"/>.</summary>
    public long SkippedRecords { get; private set; }

    /// <summary>Files admitted by scans (or by the start offset) and not yet read to the end.</summary>
    public int PendingFiles => _queue.Count + (_reader is null ? 0 : 1);

    /// <summary>
    /// Lists the directory and admits the files that have become complete, oldest first (newest first with
    /// <see cref="FileSourceSettings.LatestFirst"/>), at most <see cref="FileSourceSettings.MaxFilesPerTrigger"/>.
    /// </summary>
    /// <returns>The admitted files, relative to the directory with '/' separators, in reading order.</returns>
    /// <exception cref="SourceException">The directory does not exist or cannot be listed.</exception>
    public ValueTask<IReadOnlyList<string>> ScanAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var directory = new DirectoryInfo(_settings.Directory);
        if (!directory.Exists)
        {
            throw new SourceException(
                $"File source directory '{directory.FullName}' does not exist. Create it (mkdir -p {directory.FullName}) before starting the query, or fix FileSourceSettings.Directory.");
        }

        var now = _time.GetUtcNow();
        _present.Clear();
        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = _glob.Recursive, IgnoreInaccessible = true, AttributesToSkip = 0 };
            foreach (var info in directory.EnumerateFiles("*", options))
            {
                Observe(directory.FullName, info, now);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SourceException($"File source could not list directory '{directory.FullName}': {ex.Message}", ex);
        }

        foreach (var name in _candidates.Keys)
        {
            if (!_present.Contains(name))
            {
                _candidates.Remove(name); // renamed or deleted before it settled
            }
        }

        return ValueTask.FromResult<IReadOnlyList<string>>(Admit());
    }

    private void Observe(string root, FileInfo info, DateTimeOffset now)
    {
        var name = Path.GetRelativePath(root, info.FullName).Replace('\\', '/');
        if (_seen.Contains(name) || IsHiddenOrTemporary(name) || !_glob.IsMatch(name))
        {
            return;
        }

        long size;
        DateTime modified;
        try
        {
            size = info.Length;
            modified = info.LastWriteTimeUtc;
        }
        catch (FileNotFoundException)
        {
            return; // gone between listing and looking
        }

        _present.Add(name);
        if (_candidates.TryGetValue(name, out var candidate))
        {
            if (candidate.Size != size || candidate.Modified != modified)
            {
                _candidates[name] = new Candidate(size, modified, now); // still being written: start again
                return;
            }

            if (now - candidate.Since < _settings.SettleTime)
            {
                return;
            }
        }
        else if (_settings.SettleTime > TimeSpan.Zero)
        {
            _candidates[name] = new Candidate(size, modified, now);
            return;
        }

        _candidates.Remove(name);
        _seen.Add(name);
        _ready.Add(new ReadyFile(name, modified));
    }

    private List<string> Admit()
    {
        _ready.Sort(_settings.LatestFirst ? static (a, b) => Compare(b, a) : Compare);
        var count = Math.Min(_ready.Count, _settings.MaxFilesPerTrigger ?? int.MaxValue);
        var admitted = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            admitted.Add(_ready[i].Name);
            _queue.Enqueue((_ready[i].Name, 0));
        }

        _ready.RemoveRange(0, count);
        return admitted;
    }

    private static int Compare(ReadyFile a, ReadyFile b)
    {
        var byTime = a.Modified.CompareTo(b.Modified);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Name, b.Name);
    }

    /// <summary>Spark's rule: names starting with '.' or '_' (files or directories) and temporary copies are not data.</summary>
    internal static bool IsHiddenOrTemporary(string relativePath)
    {
        var fileName = relativePath.AsSpan(relativePath.LastIndexOf('/') + 1);
        if (fileName.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith("._COPYING_", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var range in relativePath.AsSpan().Split('/'))
        {
            var segment = relativePath.AsSpan(range);
            if (segment.Length > 0 && (segment[0] == '.' || segment[0] == '_'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads the next record of the admitted files, or returns <c>null</c> when they are all read (scan again).
    /// A malformed record fails the read (<see cref="BadRecordPolicy.Fail"/>) or is skipped and logged
    /// (<see cref="BadRecordPolicy.Skip"/>).
    /// </summary>
    /// <exception cref="SourceException">A malformed record under the fail policy (the message starts with
    /// <c>file:line: reason</c>), or an admitted file that can no longer be read.</exception>
    public async ValueTask<FileRecord<T>?> ReadNextAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_reader is null && !await OpenNextAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var file = _currentFile!;
            if (await _reader!.ReadAsync(cancellationToken).ConfigureAwait(false) is not { } record)
            {
                await CloseCurrentAsync().ConfigureAwait(false);
                _completed = [.. _completed, file];
                continue;
            }

            if (record.Error is { } error)
            {
                if (_settings.BadRecords == BadRecordPolicy.Fail)
                {
                    throw new SourceException(string.Create(CultureInfo.InvariantCulture,
                        $"{file}:{record.LineNumber}: {error} (in directory '{_settings.Directory}'; to skip malformed records instead, set BadRecords = Skip)"));
                }

                _currentRecords++;
                SkippedRecords++;
                if (_badRecordLog is not null)
                {
                    await _badRecordLog.AppendAsync(file, record.LineNumber, record.RawText, error, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            _currentRecords++;
            return new FileRecord<T>(record.Value!, file, record.LineNumber);
        }
    }

    private async ValueTask<bool> OpenNextAsync(CancellationToken cancellationToken)
    {
        if (!_queue.TryDequeue(out var next))
        {
            return false;
        }

        var path = Path.Combine(_settings.Directory, next.File);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, useAsync: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SourceException(
                $"File source could not open '{path}', found complete by an earlier scan: {ex.Message} Files must not be moved or deleted from the source directory until they are read.", ex);
        }

        _reader = _open(stream);
        _currentFile = next.File;
        _currentRecords = 0;
        // Resuming inside a file: its first records were consumed before the offset was taken.
        while (_currentRecords < next.Skip && await _reader.ReadAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            _currentRecords++;
        }

        return true;
    }

    private async ValueTask CloseCurrentAsync()
    {
        var reader = _reader;
        _reader = null;
        _currentFile = null;
        _currentRecords = 0;
        if (reader is not null)
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the open file and the bad-records file.</summary>
    public async ValueTask DisposeAsync()
    {
        await CloseCurrentAsync().ConfigureAwait(false);
        if (_badRecordLog is not null)
        {
            await _badRecordLog.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal readonly record struct FilePosition(string[] Completed, string? File, long Records)
    {
        public FileSourceOffset ToOffset() => new(Completed, File, Records);
    }

    private readonly record struct Candidate(long Size, DateTime Modified, DateTimeOffset Since);

    private readonly record struct ReadyFile(string Name, DateTime Modified);
}
