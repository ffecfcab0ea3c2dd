using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sluice.Graphs.IO.Console;

/// <summary>
/// How rows of <typeparamref name="T"/> become table columns, as Spark names them: a scalar is one column
/// "value"; a tuple or an <c>object?[]</c> gives _1, _2, ...; a string dictionary (a CSV row) its keys; a JSON
/// object its properties; any other object its public properties.
/// </summary>
internal static class RowLayout<T>
{
    private static readonly JsonTypeInfo? Contract = ObjectContract();

    public static (IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows) Of(IReadOnlyList<T> batch)
    {
        var first = batch.Count > 0 ? batch[0] : default;
        var columns = ColumnsOf(first);
        var rows = new object?[batch.Count][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = Cells(batch[i], columns);
        }

        return (columns, rows);
    }

    private static string[] ColumnsOf(T? first) => first switch
    {
        _ when Contract is not null => Contract.Properties.Select(static p => p.Name).ToArray(),
        object?[] cells => Numbered(cells.Length),
        ITuple tuple => Numbered(tuple.Length),
        IReadOnlyDictionary<string, string> map => map.Keys.ToArray(),
        JsonElement { ValueKind: JsonValueKind.Object } json => json.EnumerateObject().Select(static p => p.Name).ToArray(),
        null when IsTupleLike => [],
        _ => ["value"],
    };

    private static object?[] Cells(T? row, string[] columns)
    {
        switch (row)
        {
            case null:
                return new object?[columns.Length];
            case object?[] cells:
                return cells;
            case ITuple tuple:
                var values = new object?[tuple.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = tuple[i];
                }

                return values;
            case IReadOnlyDictionary<string, string> map:
                return columns.Select(c => map.TryGetValue(c, out var v) ? v : null).ToArray<object?>();
            case JsonElement { ValueKind: JsonValueKind.Object } json:
                return columns.Select(c => json.TryGetProperty(c, out var v) ? JsonCell(v) : null).ToArray<object?>();
            case JsonElement json:
                return [JsonCell(json)];
            default:
                if (Contract is not null)
                {
                    return Contract.Properties.Select(p => p.Get?.Invoke(row)).ToArray();
                }

                return [row];
        }
    }

    private static string? JsonCell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };

    private static string[] Numbered(int count) => Enumerable.Range(1, count).Select(static i => "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static bool IsTupleLike => typeof(ITuple).IsAssignableFrom(typeof(T)) || typeof(T) == typeof(object?[]);

    /// <summary>The property contract of a plain object type; null for scalars, collections, tuples and dictionaries.</summary>
    private static JsonTypeInfo? ObjectContract()
    {
        var type = typeof(T);
        if (type.IsPrimitive || type == typeof(string) || type == typeof(decimal) || type == typeof(object) || type == typeof(JsonElement)
            || typeof(ITuple).IsAssignableFrom(type) || typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
            || typeof(IFormattable).IsAssignableFrom(type))
        {
            return null;
        }

        var options = JsonSerializerOptions.Default;
        var contract = options.GetTypeInfo(type);
        return contract.Kind == JsonTypeInfoKind.Object && contract.Properties.Count > 0 ? contract : null;
    }
}
