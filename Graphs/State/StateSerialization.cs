using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sluice.Graphs.State;

/// <summary>The JSON options state stores serialize with: fields included, so that value tuples round-trip.</summary>
internal static class StateSerialization
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General) { IncludeFields = true, TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
}

/*
 * Reads and writes one key or state as a JSON value inside a larger document, without an intermediate object: the
 * common key and state types (strings and numbers: word counts, ids, counters) go straight through Utf8JsonWriter and
 * Utf8JsonReader; anything else through System.Text.Json's cached type info for the type. A snapshot of a million
 * keys is read and written in one pass over the bytes this way (DESIGN 7: no per-entry wrapper, no LINQ).
 */

/// <summary>Writes and reads values of <typeparamref name="T"/> as JSON values, with fast paths for strings and numbers.</summary>
internal static class StateCodec<T>
{
    private static readonly JsonTypeInfo<T> TypeInfo = (JsonTypeInfo<T>)StateSerialization.Options.GetTypeInfo(typeof(T));

    public static void Write(Utf8JsonWriter writer, T value)
    {
        if (typeof(T) == typeof(string))
        {
            writer.WriteStringValue(Unsafe.As<T, string>(ref value));
        }
        else if (typeof(T) == typeof(long))
        {
            writer.WriteNumberValue(Unsafe.As<T, long>(ref value));
        }
        else if (typeof(T) == typeof(int))
        {
            writer.WriteNumberValue(Unsafe.As<T, int>(ref value));
        }
        else if (typeof(T) == typeof(double))
        {
            // Non-finite doubles are not JSON numbers: the serializer's handling (an error, as before) applies to them.
            var number = Unsafe.As<T, double>(ref value);
            if (double.IsFinite(number)) writer.WriteNumberValue(number);
            else JsonSerializer.Serialize(writer, value, TypeInfo);
        }
        else
        {
            JsonSerializer.Serialize(writer, value, TypeInfo);
        }
    }

    /// <summary>Reads the value starting at the reader's current token; leaves the reader on the value's last token.</summary>
    public static T Read(ref Utf8JsonReader reader)
    {
        if (typeof(T) == typeof(string) && reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            return Unsafe.As<string, T>(ref text);
        }

        if (typeof(T) == typeof(long) && reader.TokenType == JsonTokenType.Number)
        {
            var number = reader.GetInt64();
            return Unsafe.As<long, T>(ref number);
        }

        if (typeof(T) == typeof(int) && reader.TokenType == JsonTokenType.Number)
        {
            var number = reader.GetInt32();
            return Unsafe.As<int, T>(ref number);
        }

        if (typeof(T) == typeof(double) && reader.TokenType == JsonTokenType.Number)
        {
            var number = reader.GetDouble();
            return Unsafe.As<double, T>(ref number);
        }

        return JsonSerializer.Deserialize(ref reader, TypeInfo)!;
    }
}
