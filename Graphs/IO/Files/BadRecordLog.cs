using System.Text.Json;

namespace Sluice.Graphs.IO.Files;

/// <summary>Appends skipped records to a JSON lines file: <c>{"file","line","record","reason"}</c>, flushed per record.</summary>
internal sealed class BadRecordLog(string path) : IAsyncDisposable
{
    private FileStream? _stream;
    private Utf8JsonWriter? _writer;

    public async ValueTask AppendAsync(string file, long line, string? record, string reason, CancellationToken cancellationToken)
    {
        if (_stream is null)
        {
            try
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(path));
                if (directory is not null)
                {
                    Directory.CreateDirectory(directory);
                }

                _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SourceException(
                    $"File source could not open its bad-records file '{path}': {ex.Message} Set BadRecordsPath to a writable file path.", ex);
            }

            _writer = new Utf8JsonWriter(_stream);
        }

        _writer!.Reset(_stream);
        _writer.WriteStartObject();
        _writer.WriteString("file", file);
        _writer.WriteNumber("line", line);
        _writer.WriteString("record", record);
        _writer.WriteString("reason", reason);
        _writer.WriteEndObject();
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        _stream.WriteByte((byte)'\n');
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }

        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
