// Splits a UTF-8 byte stream into records that end with '\n', without copying the bytes.
//
// The protocol with the PipeReader: a read result is "held" while a returned record (a slice of it) may still be
// used, and is advanced only when more data is needed (consumed = start of the unfinished record, examined = end)
// or at the end. A subclass decides where a record ends (plain lines, or CSV records whose quoted fields may
// contain line breaks); it is called only on bytes not scanned yet, so a record spanning many reads is scanned
// once, however long it is.
using System.Buffers;
using System.IO.Pipelines;

namespace Sluice.Graphs.IO.Text;

internal abstract class Utf8RecordSplitter : IAsyncDisposable
{
    private readonly PipeReader _reader;
    private ReadOnlySequence<byte> _buffer;
    private long _scanned;
    private long _nextLine = 1;
    private bool _holdingRead;
    private bool _completed;
    private bool _started;
    private bool _ended;

    protected Utf8RecordSplitter(Stream stream, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: leaveOpen));
    }

    /// <summary>The bytes of the last record, without its '\n' or a '\r' before it; valid until the next read.</summary>
    public ReadOnlySequence<byte> Record { get; private set; }

    /// <summary>The 1-based physical line on which the last record starts.</summary>
    public long RecordLine { get; private set; }

    /// <summary>Whether the last record was ended by the end of the stream rather than by '\n'.</summary>
    public bool RecordEndedByEof { get; private set; }

    /// <summary>
    /// Looks for the '\n' that ends the current record in bytes not scanned before; keeps whatever state it
    /// needs between calls for the same record, and resets it when it finds the end.
    /// </summary>
    protected abstract bool TryFindEnd(ReadOnlySequence<byte> unscanned, out SequencePosition newline);

    /// <summary>Line breaks inside the record just found (quoted CSV fields); reset by the call.</summary>
    protected virtual int TakeEmbeddedLineBreaks() => 0;

    /// <summary>Reads the next record into <see cref="Record"/>; false at the end of the stream.</summary>
    public async ValueTask<bool> ReadRecordAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return false;
        }

        while (true)
        {
            if (!_holdingRead)
            {
                var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                _buffer = result.Buffer;
                _completed = result.IsCompleted;
                _holdingRead = true;
                if (!_started)
                {
                    // Wait for three bytes only while they may still be a byte order mark: a socket's first line "a\n" is complete as it is.
                    if (_buffer.Length < 3 && !_completed && MayStartBom(_buffer))
                    {
                        _reader.AdvanceTo(_buffer.Start, _buffer.End);
                        _holdingRead = false;
                        continue;
                    }

                    _started = true;
                    if (StartsWithBom(_buffer))
                    {
                        _buffer = _buffer.Slice(3);
                    }
                }
            }

            if (TryFindEnd(_buffer.Slice(_scanned), out var newline))
            {
                var record = _buffer.Slice(0, newline);
                _buffer = _buffer.Slice(_buffer.GetPosition(1, newline));
                _scanned = 0;
                Deliver(record, endedByEof: false);
                return true;
            }

            _scanned = _buffer.Length;
            if (_completed)
            {
                _ended = true;
                if (_buffer.Length == 0)
                {
                    return false;
                }

                var rest = _buffer;
                _buffer = _buffer.Slice(_buffer.End);
                Deliver(rest, endedByEof: true);
                return true;
            }

            _reader.AdvanceTo(_buffer.Start, _buffer.End);
            _holdingRead = false;
        }
    }

    private void Deliver(ReadOnlySequence<byte> record, bool endedByEof)
    {
        if (record.Length > 0 && LastByte(record) == (byte)'\r')
        {
            record = record.Slice(0, record.Length - 1);
        }

        Record = record;
        RecordEndedByEof = endedByEof;
        RecordLine = _nextLine;
        _nextLine += 1 + TakeEmbeddedLineBreaks();
    }

    private static byte LastByte(in ReadOnlySequence<byte> sequence) =>
        sequence.IsSingleSegment ? sequence.FirstSpan[^1] : sequence.Slice(sequence.Length - 1).FirstSpan[0];

    private static bool MayStartBom(in ReadOnlySequence<byte> buffer)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        Span<byte> head = stackalloc byte[2];
        var length = (int)Math.Min(buffer.Length, 2);
        buffer.Slice(0, length).CopyTo(head);
        return head[..length].SequenceEqual(bom[..length]);
    }

    private static bool StartsWithBom(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < 3)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[3];
        buffer.Slice(0, 3).CopyTo(head);
        return head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
