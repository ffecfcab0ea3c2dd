using System.Buffers;

namespace Sluice.Graphs.IO.Text;

/// <summary>Splits a UTF-8 stream into lines ended by '\n' or "\r\n"; a last line without one is still a line.</summary>
internal sealed class LineSplitter(Stream stream, bool leaveOpen) : Utf8RecordSplitter(stream, leaveOpen)
{
    protected override bool TryFindEnd(ReadOnlySequence<byte> unscanned, out SequencePosition newline)
    {
        var found = unscanned.PositionOf((byte)'\n');
        newline = found.GetValueOrDefault();
        return found.HasValue;
    }
}
