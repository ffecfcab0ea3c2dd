// Renders rows exactly as Spark's Dataset.show (showString) does, which is what its console sink prints:
//   - cells are the values cast to strings ("null" for null), control characters escaped (\n -> "\\n");
//   - with truncation, a cell over 20 characters becomes its first 17 + "..."; column names are never cut;
//   - a column is as wide as its widest cell or name, at least 3, counting East Asian full-width characters
//     as two;
//   - with truncation every cell, names included, is right-aligned; without it, left-aligned (Spark pads
//     left when truncate > 0, right otherwise);
//   - more rows than shown add "only showing top N rows" (or "row" for 1) after the table.
// Lines end with '\n' on every platform, so output is the same everywhere.
using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;

namespace Sluice.Graphs.IO.Console;

/// <summary>Renders tables the way Spark's <c>show()</c> and console sink do.</summary>
/// <example>
/// <code>
/// ConsoleTable.WriteBatch(Console.Out, 3, ["word", "count"], [["cat", 2L]]);
/// // -------------------------------------------
/// // Batch: 3
/// // -------------------------------------------
/// // +----+-----+
/// // |word|count|
/// // +----+-----+
/// // | cat|    2|
/// // +----+-----+
/// </code>
/// </example>
public static class ConsoleTable
{
    private const int TruncateWidth = 20;
    private const int MinimumColumnWidth = 3;
    private const string BatchRule = "-------------------------------------------";
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create("\n\r\t\f\b\v\a");

    /// <summary>
    /// Writes a batch as Spark's console sink does: a rule, <c>Batch: N</c>, a rule, the table, and an empty line.
    /// </summary>
    public static void WriteBatch(TextWriter writer, long batchId, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows, ConsoleSinkSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        settings ??= ConsoleSinkSettings.Default;
        writer.Write(BatchRule + "\nBatch: ");
        writer.Write(batchId.ToString(CultureInfo.InvariantCulture));
        writer.Write("\n" + BatchRule + "\n");
        writer.Write(Render(columns, rows, settings.NumRows, settings.Truncate));
        writer.Write('\n');
    }

    /// <summary>Renders the first <paramref name="numRows"/> rows as Spark's <c>showString</c> does.</summary>
    /// <param name="columns">The column names.</param>
    /// <param name="rows">The rows; a row shorter than <paramref name="columns"/> shows "null" for the missing cells.</param>
    /// <param name="numRows">The most rows to show.</param>
    /// <param name="truncate">Cut long cells and right-align (Spark's default), or show whole and left-align.</param>
    public static string Render(IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows, int numRows = 20, bool truncate = true)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        numRows = Math.Max(numRows, 0);
        var shown = Math.Min(rows.Count, numRows);
        var cells = new string[shown + 1][];
        cells[0] = new string[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            cells[0][c] = EscapeControlCharacters(columns[c]);
        }

        for (var r = 0; r < shown; r++)
        {
            var row = rows[r];
            var line = cells[r + 1] = new string[columns.Count];
            for (var c = 0; c < columns.Count; c++)
            {
                var text = EscapeControlCharacters(Format(row is not null && c < row.Length ? row[c] : null));
                line[c] = truncate ? Truncate(text) : text;
            }
        }

        var widths = new int[columns.Count];
        Array.Fill(widths, MinimumColumnWidth);
        foreach (var line in cells)
        {
            for (var c = 0; c < line.Length; c++)
            {
                widths[c] = Math.Max(widths[c], HalfWidth(line[c]));
            }
        }

        var output = new StringBuilder();
        // Spark joins the parts between "+" (or "|") delimiters, so a table without columns still has both ends.
        var rule = new StringBuilder("+");
        foreach (var width in widths)
        {
            rule.Append('-', width).Append('+');
        }

        rule.Append(widths.Length == 0 ? "+\n" : "\n");
        output.Append(rule);
        for (var r = 0; r < cells.Length; r++)
        {
            output.Append('|');
            for (var c = 0; c < widths.Length; c++)
            {
                var cell = cells[r][c];
                var padding = widths[c] - HalfWidth(cell);
                if (truncate)
                {
                    output.Append(' ', padding).Append(cell);
                }
                else
                {
                    output.Append(cell).Append(' ', padding);
                }

                output.Append('|');
            }

            output.Append(widths.Length == 0 ? "|\n" : "\n");
            if (r == 0)
            {
                output.Append(rule);
            }
        }

        output.Append(rule);
        if (rows.Count > numRows)
        {
            output.Append("only showing top ").Append(numRows.ToString(CultureInfo.InvariantCulture))
                .Append(numRows == 1 ? " row\n" : " rows\n");
        }

        return output.ToString();
    }

    /// <summary>A value as Spark casts it to a string for <c>show()</c>.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        double d => JavaDouble.ToString(d),
        float f => JavaDouble.ToString(f),
        byte[] bytes => "[" + string.Join(' ', bytes.Select(static x => x.ToString("X2", CultureInfo.InvariantCulture))) + "]",
        DateTime t => Timestamp(t),
        DateTimeOffset t => Timestamp(t.UtcDateTime),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IDictionary map => Map(map),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    private static string Map(IDictionary map)
    {
        var entries = new List<string>(map.Count);
        foreach (DictionaryEntry entry in map)
        {
            entries.Add(Format(entry.Key) + " -> " + Format(entry.Value));
        }

        return "{" + string.Join(", ", entries) + "}";
    }

    // Spark's timestamp string: seconds always, a fraction only when non-zero, without trailing zeros.
    private static string Timestamp(DateTime t)
    {
        var text = t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var ticks = t.Ticks % TimeSpan.TicksPerSecond;
        return ticks == 0
            ? text
            : text + "." + ticks.ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    private static string Truncate(string text)
    {
        if (text.Length <= TruncateWidth)
        {
            return text;
        }

        // Spark cuts at 17 UTF-16 units; do not leave half a surrogate pair behind.
        var cut = char.IsHighSurrogate(text[TruncateWidth - 4]) ? TruncateWidth - 4 : TruncateWidth - 3;
        return string.Concat(text.AsSpan(0, cut), "...");
    }

    private static string EscapeControlCharacters(string text)
    {
        if (text.AsSpan().IndexOfAny(ControlCharacters) < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\f' => "\\f",
                '\b' => "\\b",
                '\v' => "\\v",
                '\a' => "\\a",
                _ => null,
            } ?? c.ToString());
        }

        return escaped.ToString();
    }

    /// <summary>Display width: East Asian full-width characters take two columns (Spark's stringHalfWidth).</summary>
    internal static int HalfWidth(string text)
    {
        var width = text.Length;
        foreach (var c in text)
        {
            if (c is (>= '\u1100' and <= '\u115F') or (>= '\u2E80' and <= '\uA4CF') or (>= '\uAC00' and <= '\uD7A3')
                or (>= '\uF900' and <= '\uFAFF') or (>= '\uFE10' and <= '\uFE19') or (>= '\uFE30' and <= '\uFE6F')
                or (>= '\uFF00' and <= '\uFF60') or (>= '\uFFE0' and <= '\uFFE6'))
            {
                width++;
            }
        }

        return width;
    }
}
