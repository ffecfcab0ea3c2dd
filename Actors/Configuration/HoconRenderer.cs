using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sluice.Actors.Configuration;

/// <summary>Renders resolved trees as HOCON (that parses back to the same tree) and as JSON.</summary>
internal static class HoconRenderer
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A string as a JSON string literal.</summary>
    public static string Quote(string text)
    {
        var result = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': result.Append("\\\""); break;
                case '\\': result.Append("\\\\"); break;
                case '\n': result.Append("\\n"); break;
                case '\r': result.Append("\\r"); break;
                case '\t': result.Append("\\t"); break;
                case '\b': result.Append("\\b"); break;
                case '\f': result.Append("\\f"); break;
                default:
                    if (c < ' ')
                    {
                        result.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        result.Append(c);
                    }

                    break;
            }
        }

        return result.Append('"').ToString();
    }

    /// <summary>The root object as HOCON without root braces: <c>key = value</c> lines and nested blocks.</summary>
    public static string Render(HoconObject root)
    {
        var text = new StringBuilder();
        RenderFields(text, root, 0);
        return text.ToString();
    }

    /// <summary>One value on one line: strings quoted, lists and objects inline.</summary>
    public static string RenderInline(HoconValue value)
    {
        var text = new StringBuilder();
        RenderValue(text, value, indent: -1);
        return text.ToString();
    }

    public static string ToJson(HoconObject root)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            WriteJson(writer, root);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void RenderFields(StringBuilder text, HoconObject obj, int indent)
    {
        foreach (var (key, value) in obj.Fields)
        {
            text.Append(' ', indent).Append(HoconPath.RenderKey(key));
            text.Append(value is HoconObject ? " " : " = ");
            RenderValue(text, value, indent);
            text.Append('\n');
        }
    }

    /// <summary>Appends a value; <paramref name="indent"/> is the indentation of the line it starts on, and a negative
    /// indent renders it on one line.</summary>
    private static void RenderValue(StringBuilder text, HoconValue value, int indent)
    {
        switch (value)
        {
            case HoconObject obj when obj.Count == 0:
                text.Append("{}");
                break;
            case HoconObject obj when indent < 0:
                text.Append("{ ");
                var first = true;
                foreach (var (key, field) in obj.Fields)
                {
                    text.Append(first ? string.Empty : ", ").Append(HoconPath.RenderKey(key)).Append(" = ");
                    RenderValue(text, field, indent);
                    first = false;
                }

                text.Append(" }");
                break;
            case HoconObject obj:
                text.Append("{\n");
                RenderFields(text, obj, indent + 2);
                text.Append(' ', indent).Append('}');
                break;
            case HoconArray array:
                text.Append('[');
                for (var i = 0; i < array.Items.Count; i++)
                {
                    text.Append(i == 0 ? string.Empty : ", ");
                    RenderValue(text, array.Items[i], -1);
                }

                text.Append(']');
                break;
            case HoconScalar { Kind: HoconScalarKind.String } scalar:
                text.Append(Quote(scalar.Text));
                break;
            case HoconScalar scalar:
                text.Append(scalar.Text);
                break;
            default:
                throw new InvalidOperationException("Only resolved configurations can be rendered.");
        }
    }

    private static void WriteJson(Utf8JsonWriter writer, HoconValue value)
    {
        switch (value)
        {
            case HoconObject obj:
                writer.WriteStartObject();
                foreach (var (key, field) in obj.Fields)
                {
                    writer.WritePropertyName(key);
                    WriteJson(writer, field);
                }

                writer.WriteEndObject();
                break;
            case HoconArray array:
                writer.WriteStartArray();
                foreach (var item in array.Items)
                {
                    WriteJson(writer, item);
                }

                writer.WriteEndArray();
                break;
            case HoconScalar { Kind: HoconScalarKind.String } scalar:
                writer.WriteStringValue(scalar.Text);
                break;
            case HoconScalar { Kind: HoconScalarKind.Boolean } scalar:
                writer.WriteBooleanValue(scalar.Text == "true");
                break;
            case HoconScalar { Kind: HoconScalarKind.Null }:
                writer.WriteNullValue();
                break;
            case HoconScalar scalar:
                WriteNumber(writer, scalar.Text);
                break;
            default:
                throw new InvalidOperationException("Only resolved configurations can be rendered.");
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string text)
    {
        // Integers stay exact as long, decimals keep their digits (1.50 stays 1.50); only what fits neither becomes a
        // double. (WriteRawValue would keep the text but breaks the indentation.)
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            writer.WriteNumberValue(whole);
        }
        else if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction))
        {
            writer.WriteNumberValue(fraction);
        }
        else
        {
            writer.WriteNumberValue(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
    }
}
