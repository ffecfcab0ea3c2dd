using System.Text;

namespace Sluice.Actors.Configuration;

// A recursive-descent parser from tokens to an unresolved tree (HOCON.md, "Syntax"). Newlines separate fields and
// array elements like commas; non-newline whitespace between simple values is kept in a value concatenation; a key
// is a path expression whose unquoted '.' split it into nested objects; `key { }` needs no separator; `a += b` is
// `a = ${?a} [b]`; `include` at the start of a key is an include statement. In JSON mode the same grammar is
// narrowed to JSON's: the tokenizer refuses comments, unquoted text and substitutions, and the parser refuses
// missing commas, trailing commas, path keys and concatenation.
internal sealed class HoconParser
{
    private static readonly HoconLocation ArrayElement = new(null, []);

    private readonly HoconTokenizer _tokens;
    private readonly HoconParseContext _context;
    private readonly bool _json;
    private readonly StringBuilder _keyBuffer = new();
    private HoconToken? _peeked;
    private ConfigOrigin? _lastOrigin;

    private HoconParser(string text, HoconParseContext context)
    {
        _context = context;
        _json = context.Syntax == HoconSyntax.Json;
        _tokens = new HoconTokenizer(text, context.Origin, _json);
    }

    public static HoconObject Parse(string text, HoconParseContext context) => new HoconParser(text, context).ParseDocument();

    private HoconObject ParseDocument()
    {
        SkipWhitespace(newlines: true);
        var first = Peek();
        var root = new HoconObject(OriginAt(first.Line), first.Column);
        var at = _context.IncludedAt ?? new HoconLocation(null, []);
        if (first.Kind == HoconTokenKind.OpenBracket)
        {
            throw Error(first, "the root of a configuration must be an object, found '['");
        }

        if (first.Kind == HoconTokenKind.OpenBrace)
        {
            Next();
            ParseFields(root, braced: true, at);
            SkipWhitespace(newlines: true);
            var end = Peek();
            if (end.Kind != HoconTokenKind.End)
            {
                throw Error(end, $"expected end of input after the root object, found {end.Describe()}");
            }
        }
        else if (_json)
        {
            throw Error(first, $"expected '{{' at the start of a JSON document, found {first.Describe()}");
        }
        else
        {
            ParseFields(root, braced: false, at);
        }

        return root;
    }

    private void ParseFields(HoconObject target, bool braced, HoconLocation at)
    {
        while (true)
        {
            SkipWhitespace(newlines: true);
            var token = Peek();
            if ((token.Kind == HoconTokenKind.CloseBrace && braced) || (token.Kind == HoconTokenKind.End && !braced))
            {
                Next();
                return;
            }

            if (token.Kind == HoconTokenKind.UnquotedText && token.Text == "include")
            {
                Next();
                ParseInclude(target, at);
            }
            else
            {
                ParseField(target, braced, at);
            }

            SkipWhitespace(newlines: _json);
            token = Peek();
            switch (token.Kind)
            {
                case HoconTokenKind.Comma:
                    Next();
                    if (_json)
                    {
                        SkipWhitespace(newlines: true);
                        if (Peek().Kind == HoconTokenKind.CloseBrace)
                        {
                            throw Error(Peek(), "a trailing comma is not allowed in JSON");
                        }
                    }

                    break;
                case HoconTokenKind.Newline when !_json:
                case HoconTokenKind.CloseBrace when braced:
                case HoconTokenKind.End:
                    // At the end of a braced object the next turn reports the missing '}'.
                    break;
                default:
                    var expected = _json ? "',' or '}'" : braced ? "',', a newline or '}'" : "',' or a newline";
                    throw Error(token, $"expected {expected} after a field, found {token.Describe()}");
            }
        }
    }

    private void ParseInclude(HoconObject target, HoconLocation at)
    {
        var spec = _tokens.ReadIncludeSpec();
        var included = HoconLoader.Include(spec, _context, at);
        foreach (var (key, value) in included.Fields)
        {
            target[key] = target.TryGetValue(key, out var previous) ? HoconMerger.Merge(previous, value, mutate: true) : value;
        }
    }

    private void ParseField(HoconObject target, bool braced, HoconLocation at)
    {
        var keyToken = Peek();
        var key = ParseKey(braced);
        SkipWhitespace(newlines: true);
        var separator = Peek();
        var fieldAt = at with { Path = [.. at.Path, .. key] };
        var forWhat = $"a value for key '{HoconPath.Render(key)}'";
        HoconValue value;
        switch (separator.Kind)
        {
            case HoconTokenKind.Colon:
            case HoconTokenKind.Equals:
                Next();
                SkipWhitespace(newlines: true);
                value = ParseValue(fieldAt, forWhat, inArray: false);
                break;
            case HoconTokenKind.PlusEquals:
                Next();
                SkipWhitespace(newlines: true);
                var element = ParseValue(fieldAt, forWhat, inArray: false);
                var origin = OriginAt(separator.Line);
                var previous = new HoconSubstitution(fieldAt.Path, optional: true, [fieldAt], origin, separator.Column);
                value = new HoconConcatenation([previous, new HoconArray([element], origin, separator.Column)], origin, separator.Column);
                break;
            case HoconTokenKind.OpenBrace when !_json:
                value = ParseValue(fieldAt, forWhat, inArray: false);
                break;
            default:
                var expected = _json ? "':'" : "':', '=', '+=' or '{'";
                throw Error(separator, $"expected {expected} after key '{HoconPath.Render(key)}', found {separator.Describe()}");
        }

        HoconValue nested = value;
        for (var i = key.Length - 1; i > 0; i--)
        {
            var wrapper = new HoconObject(OriginAt(keyToken.Line), keyToken.Column);
            wrapper[key[i]] = nested;
            nested = wrapper;
        }

        target[key[0]] = target.TryGetValue(key[0], out var existing) ? HoconMerger.Merge(existing, nested, mutate: true) : nested;
    }

    private string[] ParseKey(bool braced)
    {
        var token = Peek();
        if (_json ? token.Kind != HoconTokenKind.QuotedString : !token.IsSimpleValue)
        {
            var expected = braced ? "'}' or a key" : "a key or end of input";
            throw Error(token, $"expected {expected}, found {token.Describe()}");
        }

        if (_json)
        {
            Next();
            return [token.Text];
        }

        var elements = new List<string>();
        var current = _keyBuffer.Clear();
        var hasContent = false;
        string? pendingWhitespace = null;
        while (true)
        {
            token = Peek();
            if (token.Kind == HoconTokenKind.Whitespace)
            {
                Next();
                pendingWhitespace = token.Text;
                continue;
            }

            if (token.Kind == HoconTokenKind.Substitution)
            {
                throw Error(token, "substitutions are not allowed in keys");
            }

            if (!token.IsSimpleValue)
            {
                break;
            }

            Next();
            current.Append(pendingWhitespace);
            pendingWhitespace = null;
            if (token.Kind == HoconTokenKind.QuotedString)
            {
                current.Append(token.Text);
                hasContent = true;
                continue;
            }

            foreach (var c in token.Text)
            {
                if (c != '.')
                {
                    current.Append(c);
                    hasContent = true;
                    continue;
                }

                if (!hasContent)
                {
                    throw Error(token, $"invalid key '{token.Text}': empty path element (write \"\" for a key that is an empty string)");
                }

                elements.Add(current.ToString());
                current.Clear();
                hasContent = false;
            }
        }

        if (!hasContent)
        {
            throw Error(token, "invalid key: it ends with '.'");
        }

        elements.Add(current.ToString());
        return [.. elements];
    }

    private HoconValue ParseValue(HoconLocation at, string forWhat, bool inArray)
    {
        var pieces = new List<HoconValue>();
        var valueCount = 0;
        HoconToken token;
        while (true)
        {
            token = Peek();
            HoconValue piece;
            switch (token.Kind)
            {
                case HoconTokenKind.Whitespace:
                    Next();
                    if (pieces.Count > 0)
                    {
                        pieces.Add(new HoconScalar(HoconScalarKind.Whitespace, token.Text, OriginAt(token.Line), token.Column));
                    }

                    continue;
                case HoconTokenKind.QuotedString or HoconTokenKind.UnquotedText or HoconTokenKind.Number
                    or HoconTokenKind.True or HoconTokenKind.False or HoconTokenKind.Null:
                    var kind = token.Kind switch
                    {
                        HoconTokenKind.Number => HoconScalarKind.Number,
                        HoconTokenKind.True or HoconTokenKind.False => HoconScalarKind.Boolean,
                        HoconTokenKind.Null => HoconScalarKind.Null,
                        _ => HoconScalarKind.String,
                    };
                    piece = new HoconScalar(kind, token.Text, OriginAt(token.Line), token.Column);
                    break;
                case HoconTokenKind.Substitution:
                    piece = MakeSubstitution(token);
                    break;
                case HoconTokenKind.OpenBrace:
                    Next();
                    var obj = new HoconObject(OriginAt(token.Line), token.Column);
                    ParseFields(obj, braced: true, inArray ? new HoconLocation(obj, []) : at);
                    piece = obj;
                    break;
                case HoconTokenKind.OpenBracket:
                    Next();
                    piece = ParseArray(token);
                    break;
                default:
                    goto done;
            }

            if (token.Kind is not (HoconTokenKind.OpenBrace or HoconTokenKind.OpenBracket))
            {
                Next();
            }

            if (_json && valueCount > 0)
            {
                throw Error(token, $"expected ',' after a value, found {token.Describe()} (JSON has no value concatenation)");
            }

            pieces.Add(piece);
            valueCount++;
        }

    done:
        while (pieces.Count > 0 && pieces[^1] is HoconScalar { Kind: HoconScalarKind.Whitespace })
        {
            pieces.RemoveAt(pieces.Count - 1);
        }

        return pieces.Count == 0 ? throw Error(token, $"expected {forWhat}, found {token.Describe()}") : Concatenate(pieces);
    }

    private HoconArray ParseArray(HoconToken open)
    {
        var items = new List<HoconValue>();
        SkipWhitespace(newlines: true);
        if (Peek().Kind == HoconTokenKind.CloseBracket)
        {
            Next();
            return new HoconArray(items, OriginAt(open.Line), open.Column);
        }

        while (true)
        {
            items.Add(ParseValue(ArrayElement, "a value or ']'", inArray: true));
            SkipWhitespace(newlines: _json);
            var token = Next();
            if (token.Kind == HoconTokenKind.CloseBracket)
            {
                break;
            }

            if (token.Kind is HoconTokenKind.Comma || (token.Kind is HoconTokenKind.Newline && !_json))
            {
                SkipWhitespace(newlines: true);
                if (Peek().Kind == HoconTokenKind.CloseBracket)
                {
                    if (_json && token.Kind == HoconTokenKind.Comma)
                    {
                        throw Error(Peek(), "a trailing comma is not allowed in JSON");
                    }

                    Next();
                    break;
                }

                continue;
            }

            var expected = _json ? "',' or ']'" : "',', a newline or ']'";
            throw Error(token, $"expected {expected} after a list element, found {token.Describe()}");
        }

        return new HoconArray(items, OriginAt(open.Line), open.Column);
    }

    /// <summary>Builds one value from the parts of a value concatenation (HOCON.md, "Value concatenation").</summary>
    private HoconValue Concatenate(List<HoconValue> pieces)
    {
        if (pieces.Count == 1)
        {
            return pieces[0];
        }

        HoconValue? firstObject = null, firstArray = null, firstString = null;
        var hasSubstitution = false;
        foreach (var piece in pieces)
        {
            switch (piece)
            {
                case HoconObject or HoconMerge: firstObject ??= piece; break;
                case HoconArray: firstArray ??= piece; break;
                case HoconSubstitution: hasSubstitution = true; break;
                case HoconScalar { Kind: not HoconScalarKind.Whitespace }: firstString ??= piece; break;
            }
        }

        if (firstObject is not null && (firstArray ?? firstString) is { } other)
        {
            throw Error(other, $"cannot concatenate an object with {Describe(other)}; objects concatenate only with objects and substitutions");
        }

        if (firstArray is not null && firstString is not null)
        {
            throw Error(firstString, $"cannot concatenate a list with {Describe(firstString)}; lists concatenate only with lists and substitutions");
        }

        var values = pieces.Where(p => p is not HoconScalar { Kind: HoconScalarKind.Whitespace }).ToList();
        if (firstObject is not null)
        {
            if (hasSubstitution)
            {
                return new HoconMerge(values, isConcatenation: true, pieces[0].Origin, pieces[0].Column);
            }

            var merged = values[0];
            for (var i = 1; i < values.Count; i++)
            {
                merged = HoconMerger.Merge(merged, values[i], mutate: true);
            }

            return merged;
        }

        if (hasSubstitution)
        {
            return new HoconConcatenation(pieces, pieces[0].Origin, pieces[0].Column);
        }

        if (firstArray is not null)
        {
            var items = new List<HoconValue>();
            foreach (var array in values)
            {
                items.AddRange(((HoconArray)array).Items);
            }

            return new HoconArray(items, pieces[0].Origin, pieces[0].Column);
        }

        var text = new StringBuilder();
        foreach (var piece in pieces)
        {
            text.Append(((HoconScalar)piece).Text);
        }

        return HoconScalar.String(text.ToString(), pieces[0].Origin, pieces[0].Column);
    }

    private HoconSubstitution MakeSubstitution(HoconToken token)
    {
        if (!HoconPath.TryParse(token.Text, out var path, out var error))
        {
            throw Error(token, $"invalid substitution {token.Describe()}: {error}");
        }

        HoconLocation[] candidates = _context.IncludedAt is { } included && (included.Anchor is not null || included.Path.Length > 0)
            ? [included with { Path = [.. included.Path, .. path] }, new HoconLocation(null, path)]
            : [new HoconLocation(null, path)];
        return new HoconSubstitution(path, token.Optional, candidates, OriginAt(token.Line), token.Column);
    }

    private static string Describe(HoconValue value) => value switch
    {
        HoconScalar { Kind: HoconScalarKind.String } s => $"a string ({HoconRenderer.Quote(s.Text)})",
        HoconScalar s => $"{s.KindName} ({s.Text})",
        _ => value.KindName,
    };

    private void SkipWhitespace(bool newlines)
    {
        while (Peek().Kind == HoconTokenKind.Whitespace || (newlines && Peek().Kind == HoconTokenKind.Newline))
        {
            Next();
        }
    }

    private HoconToken Peek() => _peeked ??= _tokens.Next();

    private HoconToken Next()
    {
        if (_peeked is { } token)
        {
            _peeked = null;
            return token;
        }

        return _tokens.Next();
    }

    /// <summary>Origins are shared by the values of one line, so a long file does not allocate one per value.</summary>
    private ConfigOrigin OriginAt(int line) =>
        _lastOrigin is { } last && last.Line == line ? last : _lastOrigin = new ConfigOrigin(_context.Origin, line);

    private ConfigurationException Error(HoconToken token, string detail) =>
        ConfigurationException.At(_context.Origin, token.Line, token.Column, detail);

    private ConfigurationException Error(HoconValue value, string detail) =>
        ConfigurationException.At(_context.Origin, value.Origin.Line, value.Column, detail);
}
