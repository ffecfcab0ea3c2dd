using System.Buffers;
using System.Text;
using System.Text.Json;
using Sluice.Graphs.Offsets;

namespace Sluice.Graphs.IO.Files;

/// <summary>
/// Where a file source is: the files read to the end, and the file being read with the number of its records
/// already consumed (valid and skipped alike). A source started from an offset skips the completed files and
/// the first <see cref="CurrentFileRecords"/> records of <see cref="CurrentFile"/>. Serialized as JSON:
/// <c>{"completed":["a.csv"],"current":"b.csv","records":17}</c>.
/// </summary>
/// <param name="CompletedFiles">Paths relative to the source directory of the files read to the end.</param>
/// <param name="CurrentFile">The file being read, or null between files.</param>
/// <param name="CurrentFileRecords">Records of <paramref name="CurrentFile"/> already consumed.</param>
public sealed record FileSourceOffset(IReadOnlyList<string> CompletedFiles, string? CurrentFile, long CurrentFileRecords) : SourceOffset
{
    /// <summary>The start: nothing read.</summary>
    public static FileSourceOffset Start { get; } = new([], null, 0);

    /// <summary>The offset as compact JSON.</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("completed");
            foreach (var file in CompletedFiles)
            {
                writer.WriteStringValue(file);
            }

            writer.WriteEndArray();
            writer.WriteString("current", CurrentFile);
            writer.WriteNumber("records", CurrentFileRecords);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads an offset written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not such an offset.</exception>
    public static FileSourceOffset FromJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var completed = new List<string>();
            foreach (var file in root.GetProperty("completed").EnumerateArray())
            {
                completed.Add(file.GetString() ?? throw new FormatException("A completed file is null."));
            }

            return new FileSourceOffset(completed, root.GetProperty("current").GetString(), root.GetProperty("records").GetInt64());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException(
                $"'{json}' is not a file source offset; expected {{\"completed\":[...],\"current\":\"name or null\",\"records\":N}}.", ex);
        }
    }

    /// <inheritdoc />
    public bool Equals(FileSourceOffset? other) =>
        other is not null
        && CurrentFile == other.CurrentFile
        && CurrentFileRecords == other.CurrentFileRecords
        && CompletedFiles.SequenceEqual(other.CompletedFiles);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CompletedFiles.Count, CurrentFile, CurrentFileRecords);

    /// <summary>The offset as JSON (read back by <see cref="FromJson"/>).</summary>
    public override string ToString() => ToJson();
}
