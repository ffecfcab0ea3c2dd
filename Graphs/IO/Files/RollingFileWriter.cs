// Part file protocol: a part is written under a hidden name (".part-00001.jsonl.inprogress", which file
// sources and Spark ignore), and only when it is closed (flushed, fsync'd, closed) is it renamed to its
// final name ("part-00001-<guid>.jsonl"). A reader listing the directory therefore never sees a half-written
// file under a final name. A part closes when the next record would take it past MaxPartBytes, when it has
// been open MaxPartAge, on RollAsync (e.g. at an epoch boundary), and on dispose. Part numbers continue after
// the highest final part already in the directory; the guid keeps names unique across writers.
using System.Buffers;
using System.Globalization;

namespace Sluice.Graphs.IO.Files;

/// <summary>
/// Writes records to rolling part files in a directory, as JSON lines, CSV (a header in every part) or text.
/// A part appears under its final name only once complete, so readers never see half-written files.
/// </summary>
/// <typeparam name="T">
/// The record type: anything System.Text.Json serializes for JSON lines; <c>string[]</c>,
/// <see cref="Csv.CsvRow"/>, <c>IReadOnlyDictionary&lt;string, string&gt;</c> or an object for CSV.
/// </typeparam>
/// <example>
/// <code>
/// await using var parts = new RollingFileWriter&lt;Order&gt;("/data/out", new FileSinkSettings(FileFormat.JsonLines) { MaxPartBytes = 1 &lt;&lt; 20 });
/// await parts.WriteAsync(order);
/// string? committed = await parts.RollAsync(); // "/data/out/part-00001-….jsonl"
/// </code>
/// </example>
public sealed class RollingFileWriter<T> : IAsyncDisposable
{
    private readonly string _directory;
    private readonly FileSinkSettings _settings;
    private readonly TimeProvider _time;
    private readonly RecordEncoder<T> _encoder;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly List<string> _committed = [];
    private FileStream? _part;
    private string? _partPath;
    private int _partNumber = -1;
    private long _partBytes;
    private DateTimeOffset _partOpenedAt;

    /// <summary>Creates a writer; the directory is created, and the first part opened, on the first record.</summary>
    /// <param name="directory">The output directory.</param>
    /// <param name="settings">Format and rolling policy.</param>
    /// <param name="timeProvider">The clock that judges <see cref="FileSinkSettings.MaxPartAge"/> (default: the system clock).</param>
    public RollingFileWriter(string directory, FileSinkSettings settings, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(settings);
        _directory = Path.GetFullPath(directory);
        _settings = settings;
        _time = timeProvider ?? TimeProvider.System;
        _encoder = RecordEncoder<T>.For(settings);
    }

    /// <summary>The final paths of the parts closed so far, in order.</summary>
    public IReadOnlyList<string> CommittedParts => _committed;

    /// <summary>Records written so far.</summary>
    public long RecordsWritten { get; private set; }

    /// <summary>Writes a record to the current part, first closing it if it is due by age or would grow too big.</summary>
    /// <exception cref="SinkException">The directory or part file could not be created or written.</exception>
    public async ValueTask WriteAsync(T record, CancellationToken cancellationToken = default)
    {
        await RollIfDueAsync(cancellationToken).ConfigureAwait(false);
        _buffer.ResetWrittenCount();
        _encoder.Encode(record, _buffer);
        if (_part is not null && _partBytes + _buffer.WrittenCount > _settings.MaxPartBytes && RecordsInPart > 0)
        {
            await RollAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_part is null)
        {
            var encoded = _buffer.WrittenMemory.ToArray(); // the preamble is written first, into the same buffer
            await OpenPartAsync(record, cancellationToken).ConfigureAwait(false);
            _buffer.ResetWrittenCount();
            _buffer.Write(encoded);
        }

        await WritePartAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        RecordsInPart++;
        RecordsWritten++;
    }

    private long RecordsInPart { get; set; }

    /// <summary>Closes the current part if it has been open for <see cref="FileSinkSettings.MaxPartAge"/>; for a stage's timer.</summary>
    /// <returns>The final path of the closed part, or null.</returns>
    public ValueTask<string?> RollIfDueAsync(CancellationToken cancellationToken = default) =>
        _part is not null && _settings.MaxPartAge is { } age && _time.GetUtcNow() - _partOpenedAt >= age
            ? RollAsync(cancellationToken)
            : ValueTask.FromResult<string?>(null);

    /// <summary>Closes the current part: flushes it to disk and renames it to its final name.</summary>
    /// <returns>The final path, or null when no part was open.</returns>
    /// <exception cref="SinkException">The part could not be flushed or renamed.</exception>
    public async ValueTask<string?> RollAsync(CancellationToken cancellationToken = default)
    {
        if (_part is null)
        {
            return null;
        }

        var part = _part;
        var temporary = _partPath!;
        _part = null;
        var final = Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture,
            $"part-{_partNumber:D5}-{Guid.NewGuid():D}.{_encoder.Extension}"));
        try
        {
            await using (part.ConfigureAwait(false))
            {
                await part.FlushAsync(cancellationToken).ConfigureAwait(false);
                part.Flush(flushToDisk: true);
            }

            File.Move(temporary, final);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure("could not close part file", temporary, ex);
        }

        _committed.Add(final);
        return final;
    }

    private async ValueTask OpenPartAsync(T firstRecord, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(_directory);
            if (_partNumber < 0)
            {
                _partNumber = HighestPartNumber(_directory);
            }

            _partNumber++;
            _partPath = Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $".part-{_partNumber:D5}.{_encoder.Extension}.inprogress"));
            _part = new FileStream(_partPath, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure("could not create a part file", _partPath ?? _directory, ex);
        }

        _partBytes = 0;
        RecordsInPart = 0;
        _partOpenedAt = _time.GetUtcNow();
        _buffer.ResetWrittenCount();
        _encoder.WritePreamble(firstRecord, _buffer);
        if (_buffer.WrittenCount > 0)
        {
            await WritePartAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask WritePartAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await _part!.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw Failure("could not write part file", _partPath!, ex);
        }

        _partBytes += bytes.Length;
    }

    private SinkException Failure(string what, string path, Exception cause) =>
        new($"File sink {what} '{path}': {cause.Message} Check that '{_directory}' is a writable directory (not a file) with free space.", cause);

    private static int HighestPartNumber(string directory)
    {
        var highest = 0;
        foreach (var path in Directory.EnumerateFiles(directory, "part-*"))
        {
            var name = Path.GetFileName(path.AsSpan());
            var dash = name[5..].IndexOf('-');
            if (dash > 0 && int.TryParse(name.Slice(5, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                highest = Math.Max(highest, number);
            }
        }

        return highest;
    }

    /// <summary>
    /// Closes the current part without publishing it: it keeps its hidden in-progress name (a stream that failed
    /// must not publish half its output). Best effort: errors are swallowed, the writer is unusable afterwards.
    /// </summary>
    internal async Task AbandonAsync()
    {
        var part = _part;
        _part = null;
        try
        {
            if (part is not null)
            {
                await part.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Nothing is published either way.
        }
        finally
        {
            _encoder.Dispose();
        }
    }

    /// <summary>Closes the current part (renaming it to its final name).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await RollAsync().ConfigureAwait(false);
        }
        finally
        {
            _encoder.Dispose();
        }
    }
}
