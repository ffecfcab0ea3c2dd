using System.Text;

namespace Sluice.Graphs.IO.Text;

/// <summary>
/// Reads UTF-8 text lines from a stream, one per call. Lines end with '\n' or "\r\n" (neither is part of the
/// line); a final line without a line break is still a line; a byte order mark is skipped. Lines of any length
/// are read without copying beyond the returned string.
/// </summary>
/// <example>
/// <code>
/// await using var lines = new TextLineReader(File.OpenRead("words.txt"));
/// while (await lines.ReadLineAsync() is { } line) Console.WriteLine($"{lines.LineNumber}: {line}");
/// </code>
/// </example>
public sealed class TextLineReader : IRecordReader<string>
{
    private readonly LineSplitter _splitter;

    /// <summary>Creates a reader of <paramref name="stream"/>, which it disposes unless <paramref name="leaveOpen"/>.</summary>
    public TextLineReader(Stream stream, bool leaveOpen = false) => _splitter = new LineSplitter(stream, leaveOpen);

    /// <summary>The 1-based number of the line last returned; 0 before the first.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Reads the next line, or returns <c>null</c> at the end of the stream.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        if (!await _splitter.ReadRecordAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        LineNumber = _splitter.RecordLine;
        return Encoding.UTF8.GetString(_splitter.Record);
    }

    /// <inheritdoc />
    public async ValueTask<ParsedRecord<string>?> ReadAsync(CancellationToken cancellationToken = default) =>
        await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line
            ? ParsedRecord<string>.Ok(line, LineNumber)
            : null;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _splitter.DisposeAsync();
}
