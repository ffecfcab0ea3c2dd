using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sluice.Graphs.IO.Csv;

namespace Sluice.Graphs.IO.Files;

/// <summary>
/// Writes records as RFC 4180 CSV: a field is quoted when it holds a comma, a quote or a line break (quotes
/// doubled); an empty string is written as <c>""</c> and null as nothing, as Spark does. Records may be
/// <c>string[]</c>, <see cref="CsvRow"/>, string dictionaries, or objects (columns from their JSON contract).
/// </summary>
internal sealed class CsvRecordEncoder<T>(IReadOnlyList<string>? header, JsonSerializerOptions? json) : RecordEncoder<T>
{
    private IReadOnlyList<string>? _header = header;
    private JsonTypeInfo? _contract;

    public override string Extension => "csv";

    public override void WritePreamble(T firstRecord, IBufferWriter<byte> output)
    {
        _header ??= firstRecord switch
        {
            CsvRow row => row.Header.Names,
            IReadOnlyDictionary<string, string> map => map.Keys.ToArray(),
            string[] => throw new ArgumentException("CSV records of string[] need FileSinkSettings.CsvHeader to name their columns."),
            _ => Contract().Properties.Select(static p => p.Name).ToArray(),
        };
        WriteRecord(_header, output);
    }

    public override void Encode(T record, IBufferWriter<byte> output)
    {
        switch (record)
        {
            case string[] fields:
                WriteRecord(fields, output);
                break;
            case CsvRow row:
                WriteRecord(row.Fields, output);
                break;
            case IReadOnlyDictionary<string, string> map:
                for (var i = 0; i < _header!.Count; i++)
                {
                    WriteField(i, map.TryGetValue(_header[i], out var value) ? value : null, output);
                }

                WriteNewline(output);
                break;
            default:
                var properties = Contract().Properties;
                for (var i = 0; i < properties.Count; i++)
                {
                    WriteField(i, record is null ? null : FormatValue(properties[i].Get?.Invoke(record)), output);
                }

                WriteNewline(output);
                break;
        }
    }

    private JsonTypeInfo Contract()
    {
        if (_contract is null)
        {
            var options = json ?? JsonSerializerOptions.Default;
            options.MakeReadOnly(populateMissingResolver: true);
            _contract = options.GetTypeInfo(typeof(T));
            if (_contract.Kind != JsonTypeInfoKind.Object)
            {
                throw new ArgumentException($"A CSV file sink writes objects with properties, string[], CsvRow or string dictionaries; {typeof(T)} is none of them.");
            }
        }

        return _contract;
    }

    private static string? FormatValue(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable => JsonSerializer.Serialize(value, value.GetType(), JsonSerializerOptions.Default),
        _ => value.ToString(),
    };

    private static void WriteRecord(IReadOnlyList<string> fields, IBufferWriter<byte> output)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            WriteField(i, fields[i], output);
        }

        WriteNewline(output);
    }

    private static void WriteField(int index, string? value, IBufferWriter<byte> output)
    {
        if (index > 0)
        {
            output.GetSpan(1)[0] = (byte)',';
            output.Advance(1);
        }

        if (value is null)
        {
            return;
        }

        if (value.Length > 0 && value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            WriteUtf8(value, output);
            return;
        }

        WriteUtf8("\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", output);
    }
}
