using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sluice.Graphs.IO.Text;

namespace Sluice.Graphs.IO.JsonLines;

/// <summary>
/// Reads JSON lines: one JSON object per line, deserialized straight from the line's UTF-8 bytes with
/// System.Text.Json. Blank lines are skipped. A line that is not one well-formed object of
/// <typeparamref name="T"/> comes back as a record with an error, its line number and raw text.
/// </summary>
/// <typeparam name="T"><see cref="JsonElement"/> for untyped objects, or a type the options can deserialize.</typeparam>
/// <example>
/// <code>
/// await using var reader = new JsonLinesReader&lt;Order&gt;(File.OpenRead("orders.jsonl"), MyJsonContext.Default.Order);
/// while (await reader.ReadAsync() is { } record) { ... }
/// </code>
/// </example>
public sealed class JsonLinesReader<T> : IRecordReader<T>
{
    private readonly LineSplitter _lines;
    private readonly JsonTypeInfo<T> _typeInfo;

    /// <summary>Creates a reader that deserializes with <paramref name="typeInfo"/> (e.g. from a source-generated context).</summary>
    public JsonLinesReader(Stream stream, JsonTypeInfo<T> typeInfo, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        _typeInfo = typeInfo;
        _lines = new LineSplitter(stream, leaveOpen);
    }

    /// <summary>Creates a reader that deserializes with <paramref name="options"/> (default: <see cref="JsonSerializerOptions.Default"/>).</summary>
    public JsonLinesReader(Stream stream, JsonSerializerOptions? options = null, bool leaveOpen = false)
        : this(stream, TypeInfo(options), leaveOpen)
    {
    }

    internal static JsonTypeInfo<T> TypeInfo(JsonSerializerOptions? options)
    {
        options ??= JsonSerializerOptions.Default;
        // As the serializer does on first use: fixes the options, with the reflection resolver if none was set.
        options.MakeReadOnly(populateMissingResolver: true);
        return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }

    /// <inheritdoc />
    public async ValueTask<ParsedRecord<T>?> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (await _lines.ReadRecordAsync(cancellationToken).ConfigureAwait(false))
        {
            var line = _lines.Record;
            if (IsBlank(line))
            {
                continue;
            }

            var error = TryDeserialize(line, out var value);
            return error is null
                ? ParsedRecord<T>.Ok(value!, _lines.RecordLine)
                : new ParsedRecord<T>(default, _lines.RecordLine, error, Encoding.UTF8.GetString(line));
        }

        return null;
    }

    private string? TryDeserialize(in ReadOnlySequence<byte> line, out T? value)
    {
        value = default;
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "expected a JSON object on the line";
            }

            value = JsonSerializer.Deserialize(ref reader, _typeInfo);
            // Anything but whitespace after the object makes this read throw.
            return reader.Read() ? "more than one JSON value on the line" : null;
        }
        catch (JsonException ex)
        {
            return "malformed JSON: " + ex.Message;
        }
    }

    private static bool IsBlank(in ReadOnlySequence<byte> line)
    {
        foreach (var memory in line)
        {
            if (memory.Span.IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)'\r') >= 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _lines.DisposeAsync();
}
