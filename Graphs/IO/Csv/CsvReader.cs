// RFC 4180 records, read one per call. A record is split off by CsvRecordSplitter (a '\n' outside quotes), then
// its bytes are parsed into fields in one pass over a contiguous span (copied into a pooled buffer only when the
// record straddles buffer segments). Delimiters and quotes are ASCII, so parsing bytes is safe for UTF-8; each
// field is decoded once. Malformed records come back with an error and their raw text, never as exceptions.
using System.Buffers;
using System.Globalization;
using System.Text;

namespace Sluice.Graphs.IO.Csv;

/// <summary>
/// A streaming RFC 4180 CSV reader: quoted fields, <c>""</c> for a quote, line breaks inside quotes, CRLF or LF,
/// UTF-8 with or without a byte order mark. Reads one record per call without loading the input; blank lines
/// are skipped. Each record carries the line on which it starts.
/// </summary>
/// <remarks>
/// Malformed records are returned with <see cref="ParsedRecord{T}.Error"/> set: an unterminated quoted field at
/// the end of the input, a quote inside an unquoted field, text after a closing quote, or (with a header) a
/// field count that differs from the header's. A malformed header is reported the same way and its fields are
/// still used as the header.
/// </remarks>
/// <example>
/// <code>
/// await using var csv = new CsvReader(File.OpenRead("orders.csv"));
/// while (await csv.ReadAsync() is { } record)
///     if (record.IsValid) Console.WriteLine(record.Value!["amount"]);
///     else Console.Error.WriteLine($"line {record.LineNumber}: {record.Error}");
/// </code>
/// </example>
public sealed class CsvReader : IRecordReader<CsvRow>
{
    private readonly CsvRecordSplitter _splitter;
    private readonly CsvOptions _options;
    private readonly byte _delimiter;
    private readonly List<string> _fields = [];
    private byte[] _scratch = [];
    private CsvHeader? _generatedHeader;

    /// <summary>Creates a reader of <paramref name="stream"/>, which it disposes unless <paramref name="leaveOpen"/>.</summary>
    public CsvReader(Stream stream, CsvOptions? options = null, bool leaveOpen = false)
    {
        _options = options ?? CsvOptions.Default;
        _delimiter = (byte)_options.Delimiter;
        _splitter = new CsvRecordSplitter(stream, leaveOpen, _delimiter);
    }

    /// <summary>The header, once the first record has been read (with <see cref="CsvOptions.HasHeader"/>).</summary>
    public CsvHeader? Header { get; private set; }

    /// <summary>Reads the next data record, or returns <c>null</c> at the end of the input.</summary>
    public async ValueTask<ParsedRecord<CsvRow>?> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (await _splitter.ReadRecordAsync(cancellationToken).ConfigureAwait(false))
        {
            var bytes = _splitter.Record;
            if (bytes.IsEmpty)
            {
                continue;
            }

            var error = Parse(bytes);
            var line = _splitter.RecordLine;
            if (_options.HasHeader && Header is null)
            {
                Header = new CsvHeader(_fields.ToArray());
                if (error is not null)
                {
                    return Malformed(null, line, "malformed header: " + error, bytes);
                }

                continue;
            }

            var fields = _fields.ToArray();
            var header = Header ?? GeneratedHeader(fields.Length);
            var row = new CsvRow(header, fields);
            if (error is not null)
            {
                return Malformed(null, line, error, bytes);
            }

            if (Header is not null && fields.Length != Header.Count)
            {
                return Malformed(row, line, string.Create(CultureInfo.InvariantCulture,
                    $"expected {Header.Count} fields (as in the header) but found {fields.Length}"), bytes);
            }

            return ParsedRecord<CsvRow>.Ok(row, line);
        }

        return null;
    }

    private static ParsedRecord<CsvRow> Malformed(CsvRow? row, long line, string error, in ReadOnlySequence<byte> bytes) =>
        new(row, line, error, Encoding.UTF8.GetString(bytes));

    private CsvHeader GeneratedHeader(int count)
    {
        if (_generatedHeader is null || _generatedHeader.Count < count)
        {
            _generatedHeader = CsvHeader.Generated(count);
        }

        return _generatedHeader;
    }

    /// <summary>Parses the record into <see cref="_fields"/>; returns the error, or null.</summary>
    private string? Parse(in ReadOnlySequence<byte> bytes)
    {
        _fields.Clear();
        ReadOnlySpan<byte> span;
        if (bytes.IsSingleSegment)
        {
            span = bytes.FirstSpan;
        }
        else
        {
            if (_scratch.Length < bytes.Length)
            {
                _scratch = new byte[Math.Max(bytes.Length, _scratch.Length * 2)];
            }

            bytes.CopyTo(_scratch);
            span = _scratch.AsSpan(0, (int)bytes.Length);
        }

        var i = 0;
        while (true)
        {
            if (i < span.Length && span[i] == (byte)'"')
            {
                var error = ParseQuoted(span, ref i);
                if (error is not null)
                {
                    return error;
                }
            }
            else
            {
                var rest = span[i..];
                var length = rest.IndexOf(_delimiter);
                if (length < 0)
                {
                    length = rest.Length;
                }

                var field = rest[..length];
                if (field.Contains((byte)'"'))
                {
                    return "quote inside an unquoted field (quote the whole field and double the quote: \"a\"\"b\")";
                }

                _fields.Add(Encoding.UTF8.GetString(field));
                i += length;
            }

            if (i == span.Length)
            {
                return null;
            }

            i++; // the delimiter; a delimiter at the very end is followed by one empty field
        }
    }

    private string? ParseQuoted(ReadOnlySpan<byte> span, ref int i)
    {
        var start = i + 1;
        var position = start;
        var escapes = 0;
        while (true)
        {
            var next = span[position..].IndexOf((byte)'"');
            if (next < 0)
            {
                // A record ends at '\n' only outside quotes, so this is the end of the input.
                return "unterminated quoted field";
            }

            position += next;
            if (position + 1 < span.Length && span[position + 1] == (byte)'"')
            {
                escapes++;
                position += 2;
                continue;
            }

            break;
        }

        var content = span[start..position];
        i = position + 1;
        if (i < span.Length && span[i] != _delimiter)
        {
            return "unexpected text after a closing quote (a quoted field must end at a delimiter or the end of the record)";
        }

        _fields.Add(escapes == 0 ? Encoding.UTF8.GetString(content) : Unescape(content, escapes));
        return null;
    }

    private static string Unescape(ReadOnlySpan<byte> content, int escapes)
    {
        var rented = ArrayPool<byte>.Shared.Rent(content.Length - escapes);
        try
        {
            var written = 0;
            for (var j = 0; j < content.Length; j++)
            {
                rented[written++] = content[j];
                if (content[j] == (byte)'"')
                {
                    j++; // skip the second quote of ""
                }
            }

            return Encoding.UTF8.GetString(rented, 0, written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _splitter.DisposeAsync();
}
