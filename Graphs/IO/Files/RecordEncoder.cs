using System.Buffers;
using System.Text;
using Sluice.Graphs.IO.Csv;
using Sluice.Graphs.IO.JsonLines;

namespace Sluice.Graphs.IO.Files;

/// <summary>Turns a record into the bytes of one line (or CSV record) of a part file, ending with '\n'.</summary>
internal abstract class RecordEncoder<T> : IDisposable
{
    public abstract string Extension { get; }

    /// <summary>Bytes written at the start of every part (a CSV header); called after the part's first record is known.</summary>
    public virtual void WritePreamble(T firstRecord, IBufferWriter<byte> output)
    {
    }

    public abstract void Encode(T record, IBufferWriter<byte> output);

    public virtual void Dispose()
    {
    }

    public static RecordEncoder<T> For(FileSinkSettings settings) => settings.Format switch
    {
        FileFormat.JsonLines => new JsonLinesRecordEncoder<T>(JsonLinesReader<T>.TypeInfo(settings.Json)),
        FileFormat.Csv => new CsvRecordEncoder<T>(settings.CsvHeader, settings.Json),
        _ => new TextRecordEncoder<T>(),
    };

    protected static void WriteUtf8(string text, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    protected static void WriteNewline(IBufferWriter<byte> output)
    {
        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
    }
}

internal sealed class TextRecordEncoder<T> : RecordEncoder<T>
{
    public override string Extension => "txt";

    public override void Encode(T record, IBufferWriter<byte> output)
    {
        WriteUtf8(record?.ToString() ?? "", output);
        WriteNewline(output);
    }
}

internal sealed class JsonLinesRecordEncoder<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) : RecordEncoder<T>
{
    private System.Text.Json.Utf8JsonWriter? _writer;

    public override string Extension => "jsonl";

    public override void Encode(T record, IBufferWriter<byte> output)
    {
        if (_writer is null)
        {
            _writer = new System.Text.Json.Utf8JsonWriter(output);
        }
        else
        {
            _writer.Reset(output);
        }

        System.Text.Json.JsonSerializer.Serialize(_writer, record, typeInfo);
        _writer.Flush();
        WriteNewline(output);
    }

    public override void Dispose()
    {
        _writer?.Dispose();
        base.Dispose();
    }
}
