using System.Text;

namespace Sluice.Actors.Configuration;

/// <summary>
/// Path expressions (<c>a.b."c.d"</c>): parsing the ones given to getters and written in substitutions, and
/// rendering paths and keys back to text that parses to the same elements.
/// </summary>
internal static class HoconPath
{
    /// <summary>Characters that may not appear unquoted in a key, a path or an unquoted string.</summary>
    public const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";

    /// <summary>Parses a path expression; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, out string[] path, out string? error)
    {
        var elements = new List<string>();
        var current = new StringBuilder();
        var hasContent = false;
        var end = text.Length;
        var start = 0;
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        path = [];
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                var close = ReadQuoted(text, i, current);
                if (close < 0)
                {
                    error = "unterminated quoted element";
                    return false;
                }

                i = close;
                hasContent = true;
            }
            else if (c == '.')
            {
                if (!hasContent)
                {
                    error = "empty path element (write \"\" for a key that is an empty string)";
                    return false;
                }

                elements.Add(current.ToString());
                current.Clear();
                hasContent = false;
            }
            else if (Forbidden.Contains(c, StringComparison.Ordinal))
            {
                error = $"'{c}' is not allowed in a path; put the element in quotes";
                return false;
            }
            else
            {
                current.Append(c);
                hasContent |= !char.IsWhiteSpace(c);
            }
        }

        if (!hasContent)
        {
            error = elements.Count == 0 ? "the path is empty" : "the path ends with '.'";
            return false;
        }

        elements.Add(current.ToString());
        path = [.. elements];
        error = null;
        return true;
    }

    /// <summary>Parses a path given to a getter, or throws a <see cref="ConfigurationException"/>.</summary>
    public static string[] Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return TryParse(path, out var elements, out var error)
            ? elements
            : throw new ConfigurationException($"Invalid path '{path}': {error}");
    }

    /// <summary>Renders a path: elements joined by '.', each quoted when it would not parse back unquoted.</summary>
    public static string Render(IEnumerable<string> path) => string.Join('.', path.Select(RenderKey));

    /// <summary>Renders one key: unquoted when it is a plain word, otherwise as a JSON string.</summary>
    public static string RenderKey(string key) => IsPlainKey(key) ? key : HoconRenderer.Quote(key);

    /// <summary>A key in the memo tables of the resolver: each element preceded by a character keys never hold in
    /// practice (NUL), so that the root ("") and the key "" ("\0") differ.</summary>
    public static string Join(string[] path) => path.Length == 0 ? string.Empty : "\0" + string.Join('\0', path);

    private static bool IsPlainKey(string key)
    {
        if (key.Length == 0 || key == "include" || !(char.IsAsciiLetter(key[0]) || key[0] == '_'))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads a JSON string starting at the quote at <paramref name="open"/>; returns the index of the closing
    /// quote, or -1.</summary>
    private static int ReadQuoted(string text, int open, StringBuilder into)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                return i;
            }

            if (c != '\\' || i + 1 >= text.Length)
            {
                into.Append(c);
                continue;
            }

            i++;
            switch (text[i])
            {
                case 'n': into.Append('\n'); break;
                case 't': into.Append('\t'); break;
                case 'r': into.Append('\r'); break;
                case 'b': into.Append('\b'); break;
                case 'f': into.Append('\f'); break;
                case 'u' when i + 4 < text.Length
                    && ushort.TryParse(text.AsSpan(i + 1, 4), System.Globalization.NumberStyles.HexNumber, null, out var code):
                    into.Append((char)code);
                    i += 4;
                    break;
                default: into.Append(text[i]); break;
            }
        }

        return -1;
    }
}
