using Sluice.Graphs.IO;

namespace Sluice.Graphs.Tests.IO;

internal static class RecordReaders
{
    /// <summary>Reads every record to the end, then disposes the reader.</summary>
    public static async Task<List<ParsedRecord<T>>> ReadAllAndDispose<T>(this IRecordReader<T> reader)
    {
        await using (reader)
        {
            var records = new List<ParsedRecord<T>>();
            while (await reader.ReadAsync() is { } record)
            {
                records.Add(record);
            }

            return records;
        }
    }
}
