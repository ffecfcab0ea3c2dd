using System.Buffers;

namespace Sluice.Graphs.IO.Csv;

/// <summary>
/// Finds where a CSV record ends: at a '\n' outside quotes. A quote opens a quoted field only at the start of a
/// field (elsewhere it is an error the parser reports, and is taken literally here, so one stray quote cannot
/// swallow the rest of the file). The state survives between calls, so a record is scanned once.
/// </summary>
internal sealed class CsvRecordSplitter(Stream stream, bool leaveOpen, byte delimiter)
    : Text.Utf8RecordSplitter(stream, leaveOpen)
{
    private enum State : byte { FieldStart, Unquoted, Quoted, QuoteInQuoted }

    private State _state;
    private int _embeddedLineBreaks;

    protected override bool TryFindEnd(ReadOnlySequence<byte> unscanned, out SequencePosition newline)
    {
        var state = _state;
        long offset = 0;
        foreach (var memory in unscanned)
        {
            var span = memory.Span;
            for (var i = 0; i < span.Length; i++)
            {
                var b = span[i];
                switch (state)
                {
                    case State.Quoted:
                        if (b == (byte)'"')
                        {
                            state = State.QuoteInQuoted;
                        }
                        else if (b == (byte)'\n')
                        {
                            _embeddedLineBreaks++;
                        }

                        break;
                    case State.QuoteInQuoted when b == (byte)'"':
                        state = State.Quoted;
                        break;
                    default:
                        if (b == (byte)'\n')
                        {
                            newline = unscanned.GetPosition(offset + i);
                            _state = State.FieldStart;
                            return true;
                        }

                        state = b == delimiter ? State.FieldStart
                            : state == State.FieldStart && b == (byte)'"' ? State.Quoted
                            : b == (byte)'\r' && state != State.FieldStart ? state
                            : State.Unquoted;
                        break;
                }
            }

            offset += span.Length;
        }

        _state = state;
        newline = default;
        return false;
    }

    protected override int TakeEmbeddedLineBreaks()
    {
        var count = _embeddedLineBreaks;
        _embeddedLineBreaks = 0;
        return count;
    }
}
