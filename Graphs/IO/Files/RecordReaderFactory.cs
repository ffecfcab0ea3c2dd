using Sluice.Graphs.IO.Csv;
using Sluice.Graphs.IO.JsonLines;
using Sluice.Graphs.IO.Text;

namespace Sluice.Graphs.IO.Files;

/// <summary>Chooses the reader for a file format and a record type, once, when a source is built.</summary>
internal static class RecordReaderFactory
{
    public static Func<Stream, IRecordReader<T>> For<T>(FileFormat format, CsvOptions csv, System.Text.Json.JsonSerializerOptions? json)
    {
        switch (format)
        {
            case FileFormat.Text when typeof(T) == typeof(string):
                return stream => (IRecordReader<T>)(object)new TextLineReader(stream);
            case FileFormat.Csv when typeof(T) == typeof(CsvRow):
                return stream => (IRecordReader<T>)(object)new CsvReader(stream, csv);
            case FileFormat.Csv when typeof(T) == typeof(IReadOnlyDictionary<string, string>):
                return stream => (IRecordReader<T>)(object)new ProjectedRecordReader<CsvRow, IReadOnlyDictionary<string, string>>(
                    new CsvReader(stream, csv), static row => row);
            case FileFormat.Csv when typeof(T) == typeof(string[]):
                return stream => (IRecordReader<T>)(object)new ProjectedRecordReader<CsvRow, string[]>(
                    new CsvReader(stream, csv), static row => row.FieldArray);
            case FileFormat.JsonLines:
                var typeInfo = JsonLinesReader<T>.TypeInfo(json);
                return stream => new JsonLinesReader<T>(stream, typeInfo);
            default:
                var expected = format switch
                {
                    FileFormat.Text => "string",
                    FileFormat.Csv => "CsvRow, IReadOnlyDictionary<string, string> or string[]",
                    _ => "any type System.Text.Json can deserialize",
                };
                throw new ArgumentException(
                    $"A {format} file source produces {expected}, not {typeof(T)}; change the record type or the format.", nameof(format));
        }
    }
}
