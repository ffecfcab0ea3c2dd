using System.Text;

namespace Sluice.Actors.Configuration;

// Java properties files (java.util.Properties.load) mapped to a tree as HOCON.md's "Java properties mapping" says:
// each key is split on '.' keeping empty elements, values are always strings, and when a key is both a value and a
// parent (a=hello, a.b=world) the object wins. Lines starting with '#' or '!' are comments; a line ending in an odd
// number of backslashes continues on the next; the key ends at an unescaped '=', ':' or whitespace.
internal static class HoconProperties
{
    public static HoconObject Parse(string text, string origin)
    {
        var root = new HoconObject(new ConfigOrigin(origin, 1), 1);
        foreach (var (key, value, line) in ReadEntries(text))
        {
            Insert(root, key.Split('.'), HoconScalar.String(value, new ConfigOrigin(origin, line), 1));
        }

        return root;
    }

    /// <summary>Puts a value at a path; an object already there (or on the way) wins over a string.</summary>
    public static void Insert(HoconObject root, string[] path, HoconValue value)
    {
        var current = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (!current.TryGetValue(path[i], out var child) || child is not HoconObject childObject)
            {
                childObject = new HoconObject(value.Origin, value.Column);
                current[path[i]] = childObject;
            }

            current = childObject;
        }

        if (!current.TryGetValue(path[^1], out var existing) || existing is not HoconObject)
        {
            current[path[^1]] = value;
        }
    }

    private static IEnumerable<(string Key, string Value, int Line)> ReadEntries(string text)
    {
        var lines = text.Split('\n');
        var logical = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var startLine = i + 1;
            var line = lines[i].TrimEnd('\r').TrimStart();
            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }

            logical.Clear();
            while (EndsWithContinuation(line) && i + 1 < lines.Length)
            {
                logical.Append(line, 0, line.Length - 1);
                line = lines[++i].TrimEnd('\r').TrimStart();
            }

            logical.Append(EndsWithContinuation(line) ? line[..^1] : line);
            var (key, value) = SplitEntry(logical.ToString());
            yield return (key, value, startLine);
        }
    }

    private static bool EndsWithContinuation(string line)
    {
        var backslashes = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    private static (string Key, string Value) SplitEntry(string line)
    {
        var i = 0;
        while (i < line.Length && !(line[i] is '=' or ':' || char.IsWhiteSpace(line[i])))
        {
            i += line[i] == '\\' ? 2 : 1;
        }

        i = Math.Min(i, line.Length);
        var key = Unescape(line[..i]);
        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        if (i < line.Length && line[i] is '=' or ':')
        {
            i++;
            while (i < line.Length && char.IsWhiteSpace(line[i]))
            {
                i++;
            }
        }

        return (key, Unescape(line[i..]));
    }

    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                result.Append(text[i]);
                continue;
            }

            var c = text[++i];
            switch (c)
            {
                case 't': result.Append('\t'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 'f': result.Append('\f'); break;
                case 'u' when i + 4 < text.Length
                    && ushort.TryParse(text.AsSpan(i + 1, 4), System.Globalization.NumberStyles.HexNumber, null, out var code):
                    result.Append((char)code);
                    i += 4;
                    break;
                default: result.Append(c); break;
            }
        }

        return result.ToString();
    }
}
