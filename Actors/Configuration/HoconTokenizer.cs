using System.Text;

namespace Sluice.Actors.Configuration;

// Turns HOCON (or, with json = true, strict JSON) text into tokens, one at a time, tracking line and column.
// The rules are HOCON.md's: whitespace is any Unicode space or separator plus the ASCII controls it lists (a BOM
// counts as whitespace), comments run from '#' or '//' to the end of the line, an unquoted string runs until a
// forbidden character, whitespace or '//', and 'true', 'false' and 'null' are recognized at the start of an unquoted
// string even when more text follows ("truefoo" is true then "foo"). Text starting with a digit or '-' is read as a
// number when the characters that can belong to a JSON number form one, and as unquoted text otherwise.
internal sealed class HoconTokenizer
{
    private const string NumberChars = "0123456789eE+-.";
    private const string ReservedChars = "`^?!@*&\\";

    private readonly string _text;
    private readonly string _origin;
    private readonly bool _json;
    private readonly StringBuilder _buffer = new();
    private int _position;
    private int _line = 1;
    private int _column = 1;

    public HoconTokenizer(string text, string origin, bool json)
    {
        _text = text;
        _origin = origin;
        _json = json;
    }

    public HoconToken Next()
    {
        while (true)
        {
            if (_position >= _text.Length)
            {
                return new HoconToken(HoconTokenKind.End, string.Empty, _line, _column);
            }

            var c = _text[_position];
            int line = _line, column = _column;
            if (c == '#' || (c == '/' && PeekChar(1) == '/'))
            {
                if (_json)
                {
                    throw Error(line, column, "comments are not allowed in JSON");
                }

                while (_position < _text.Length && _text[_position] != '\n')
                {
                    Advance();
                }

                continue;
            }

            if (c == '\n')
            {
                Advance();
                return new HoconToken(HoconTokenKind.Newline, "\n", line, column);
            }

            if (IsWhitespace(c))
            {
                var start = _position;
                while (_position < _text.Length && _text[_position] != '\n' && IsWhitespace(_text[_position]))
                {
                    Advance();
                }

                return new HoconToken(HoconTokenKind.Whitespace, _text[start.._position], line, column);
            }

            return NextNonWhitespace(c, line, column);
        }
    }

    /// <summary>Reads the argument of an include statement, right after the word <c>include</c>.</summary>
    public HoconIncludeSpec ReadIncludeSpec()
    {
        SkipWhitespaceAndComments();
        int line = _line, column = _column;
        var (kind, name, required) = ReadIncludeArgument(allowRequired: true);
        return new HoconIncludeSpec(kind, name, required, line, column);
    }

    public static bool IsWhitespace(char c) => char.IsWhiteSpace(c) || c == '\uFEFF';

    private HoconToken NextNonWhitespace(char c, int line, int column)
    {
        switch (c)
        {
            case ',': Advance(); return new HoconToken(HoconTokenKind.Comma, ",", line, column);
            case ':': Advance(); return new HoconToken(HoconTokenKind.Colon, ":", line, column);
            case '{': Advance(); return new HoconToken(HoconTokenKind.OpenBrace, "{", line, column);
            case '}': Advance(); return new HoconToken(HoconTokenKind.CloseBrace, "}", line, column);
            case '[': Advance(); return new HoconToken(HoconTokenKind.OpenBracket, "[", line, column);
            case ']': Advance(); return new HoconToken(HoconTokenKind.CloseBracket, "]", line, column);
            case '=':
                if (_json)
                {
                    throw Error(line, column, "'=' is not allowed in JSON; use ':'");
                }

                Advance();
                return new HoconToken(HoconTokenKind.Equals, "=", line, column);
            case '+':
                if (PeekChar(1) != '=' || _json)
                {
                    throw Error(line, column, "'+' is only allowed as part of '+='; put the text in quotes");
                }

                Advance();
                Advance();
                return new HoconToken(HoconTokenKind.PlusEquals, "+=", line, column);
            case '"':
                return PeekChar(1) == '"' && PeekChar(2) == '"' ? ReadTripleQuoted(line, column) : ReadQuoted(line, column);
            case '$':
                return ReadSubstitution(line, column);
            default:
                if (ReservedChars.Contains(c, StringComparison.Ordinal))
                {
                    throw Error(line, column, $"reserved character '{c}' is not allowed outside quotes; put the text in quotes");
                }

                return c == '-' || char.IsAsciiDigit(c) ? ReadNumber(line, column) : ReadUnquoted(line, column);
        }
    }

    private HoconToken ReadNumber(int line, int column)
    {
        var start = _position;
        while (_position < _text.Length && NumberChars.Contains(_text[_position], StringComparison.Ordinal))
        {
            Advance();
        }

        var text = _text[start.._position];
        if (IsNumber(text))
        {
            return new HoconToken(HoconTokenKind.Number, text, line, column);
        }

        if (_json || text.Contains('+', StringComparison.Ordinal))
        {
            throw Error(line, column, $"invalid number '{text}'");
        }

        return new HoconToken(HoconTokenKind.UnquotedText, text, line, column);
    }

    private HoconToken ReadUnquoted(int line, int column)
    {
        var start = _position;
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (HoconPath.Forbidden.Contains(c, StringComparison.Ordinal) || IsWhitespace(c)
                || (c == '/' && PeekChar(1) == '/'))
            {
                break;
            }

            Advance();
            var length = _position - start;
            if (length == 4 && string.CompareOrdinal(_text, start, "true", 0, 4) == 0)
            {
                return new HoconToken(HoconTokenKind.True, "true", line, column);
            }

            if (length == 4 && string.CompareOrdinal(_text, start, "null", 0, 4) == 0)
            {
                return new HoconToken(HoconTokenKind.Null, "null", line, column);
            }

            if (length == 5 && string.CompareOrdinal(_text, start, "false", 0, 5) == 0)
            {
                return new HoconToken(HoconTokenKind.False, "false", line, column);
            }
        }

        var text = _text[start.._position];
        if (_json)
        {
            throw Error(line, column, $"unquoted text '{text}' is not allowed in JSON; put it in quotes");
        }

        return new HoconToken(HoconTokenKind.UnquotedText, text, line, column);
    }

    private HoconToken ReadQuoted(int line, int column)
    {
        Advance();
        _buffer.Clear();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error(line, column, "unterminated quoted string; add the closing '\"'");
            }

            var c = _text[_position];
            if (c == '"')
            {
                Advance();
                return new HoconToken(HoconTokenKind.QuotedString, _buffer.ToString(), line, column);
            }

            if (c == '\n')
            {
                throw Error(_line, _column, "newline in a quoted string; use \\n, or triple quotes (\"\"\") for text over several lines");
            }

            if (c < ' ')
            {
                throw Error(_line, _column, $"control character U+{(int)c:X4} in a quoted string; write it as an escape such as \\u{(int)c:x4}");
            }

            if (c != '\\')
            {
                var runStart = _position;
                while (_position < _text.Length && _text[_position] is not ('"' or '\\' or '\n') && _text[_position] >= ' ')
                {
                    _position++;
                    _column++;
                }

                _buffer.Append(_text, runStart, _position - runStart);
                continue;
            }

            int escapeLine = _line, escapeColumn = _column;
            Advance();
            var escaped = _position < _text.Length ? _text[_position] : '\0';
            Advance();
            switch (escaped)
            {
                case '"': _buffer.Append('"'); break;
                case '\\': _buffer.Append('\\'); break;
                case '/': _buffer.Append('/'); break;
                case 'b': _buffer.Append('\b'); break;
                case 'f': _buffer.Append('\f'); break;
                case 'n': _buffer.Append('\n'); break;
                case 'r': _buffer.Append('\r'); break;
                case 't': _buffer.Append('\t'); break;
                case 'u':
                    if (_position + 4 > _text.Length
                        || !ushort.TryParse(_text.AsSpan(_position, 4), System.Globalization.NumberStyles.HexNumber, null, out var code))
                    {
                        throw Error(escapeLine, escapeColumn, "invalid \\u escape; it takes four hex digits such as \\u00e9");
                    }

                    _buffer.Append((char)code);
                    for (var i = 0; i < 4; i++)
                    {
                        Advance();
                    }

                    break;
                default:
                    throw Error(escapeLine, escapeColumn, $"invalid escape '\\{escaped}' in a quoted string; write '\\\\' for a backslash");
            }
        }
    }

    private HoconToken ReadTripleQuoted(int line, int column)
    {
        if (_json)
        {
            throw Error(line, column, "triple-quoted strings are not allowed in JSON");
        }

        var start = _position + 3;
        var close = _text.IndexOf("\"\"\"", start, StringComparison.Ordinal);
        if (close < 0)
        {
            throw Error(line, column, "unterminated triple-quoted string; add the closing '\"\"\"'");
        }

        // Quotes just before the closing three belong to the string: """a"""" is a".
        while (close + 3 < _text.Length && _text[close + 3] == '"')
        {
            close++;
        }

        var content = _text[start..close];
        while (_position < close + 3)
        {
            Advance();
        }

        return new HoconToken(HoconTokenKind.QuotedString, content, line, column);
    }

    private HoconToken ReadSubstitution(int line, int column)
    {
        if (PeekChar(1) != '{')
        {
            throw Error(line, column, "'$' must start a substitution such as ${a.b}; put the text in quotes for a dollar sign");
        }

        if (_json)
        {
            throw Error(line, column, "substitutions are not allowed in JSON");
        }

        Advance();
        Advance();
        var optional = PeekChar(0) == '?';
        if (optional)
        {
            Advance();
        }

        var start = _position;
        var inQuotes = false;
        while (true)
        {
            if (_position >= _text.Length || _text[_position] == '\n')
            {
                throw Error(line, column, "unclosed substitution; expected '}' to close '${'");
            }

            var c = _text[_position];
            if (inQuotes && c == '\\')
            {
                Advance();
            }
            else if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == '}' && !inQuotes)
            {
                break;
            }

            Advance();
        }

        var path = _text[start.._position];
        Advance();
        return new HoconToken(HoconTokenKind.Substitution, path, line, column, optional);
    }

    private (HoconIncludeKind Kind, string Name, bool Required) ReadIncludeArgument(bool allowRequired)
    {
        int line = _line, column = _column;
        if (PeekChar(0) == '"')
        {
            var token = PeekChar(1) == '"' && PeekChar(2) == '"' ? ReadTripleQuoted(line, column) : ReadQuoted(line, column);
            return (HoconIncludeKind.Heuristic, token.Text, false);
        }

        var start = _position;
        while (_position < _text.Length && char.IsAsciiLetter(_text[_position]))
        {
            Advance();
        }

        var word = _text[start.._position];
        var kind = word switch
        {
            "file" => HoconIncludeKind.File,
            "url" => HoconIncludeKind.Url,
            "classpath" => HoconIncludeKind.Classpath,
            "required" when allowRequired => HoconIncludeKind.Heuristic,
            _ => (HoconIncludeKind?)null,
        };
        if (kind is null || PeekChar(0) != '(')
        {
            var found = word.Length > 0 ? $"'{word}'" : _position >= _text.Length ? "end of input" : $"'{_text[_position]}'";
            throw Error(line, column,
                $"include must be followed by a quoted name, file(\"...\"), url(\"...\"), classpath(\"...\") or required(...), found {found}");
        }

        Advance();
        SkipWhitespaceAndComments();
        (HoconIncludeKind Kind, string Name, bool Required) result;
        if (word == "required")
        {
            result = ReadIncludeArgument(allowRequired: false) with { Required = true };
        }
        else
        {
            if (PeekChar(0) != '"')
            {
                throw Error(_line, _column, $"{word}(...) takes a quoted name such as {word}(\"application.conf\")");
            }

            result = (kind.Value, ReadQuoted(_line, _column).Text, false);
        }

        SkipWhitespaceAndComments();
        if (PeekChar(0) != ')')
        {
            throw Error(_line, _column, $"expected ')' to close {word}(");
        }

        Advance();
        return result;
    }

    private void SkipWhitespaceAndComments()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '#' || (c == '/' && PeekChar(1) == '/'))
            {
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    Advance();
                }
            }
            else if (IsWhitespace(c))
            {
                Advance();
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>True when the text is a number by JSON's grammar (leading zeros allowed, as the reference
    /// implementation allows them).</summary>
    private static bool IsNumber(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        var digits = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == digits)
        {
            return false;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            var fraction = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == fraction)
            {
                return false;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            var exponent = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == exponent)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private char PeekChar(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private void Advance()
    {
        if (_text[_position] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        _position++;
    }

    private ConfigurationException Error(int line, int column, string detail) =>
        ConfigurationException.At(_origin, line, column, detail);
}
