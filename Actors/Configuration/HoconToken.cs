namespace Sluice.Actors.Configuration;

/// <summary>
/// One token. <see cref="Text"/> is the decoded string for quoted strings, the text as written for unquoted text and
/// numbers, and the path expression between the braces for a substitution.
/// </summary>
internal readonly record struct HoconToken(HoconTokenKind Kind, string Text, int Line, int Column, bool Optional = false)
{
    /// <summary>The token as an error message names it: <c>']'</c>, <c>'foo'</c>, <c>"foo"</c>, <c>end of input</c>.</summary>
    public string Describe() => Kind switch
    {
        HoconTokenKind.End => "end of input",
        HoconTokenKind.Newline => "newline",
        HoconTokenKind.Whitespace => "whitespace",
        HoconTokenKind.QuotedString => HoconRenderer.Quote(Text),
        HoconTokenKind.Substitution => $"'{(Optional ? "${?" : "${")}{Text}}}'",
        _ => $"'{Text}'",
    };

    /// <summary>True for the tokens that can be part of a value concatenation or a key.</summary>
    public bool IsSimpleValue => Kind is HoconTokenKind.QuotedString or HoconTokenKind.UnquotedText
        or HoconTokenKind.Number or HoconTokenKind.True or HoconTokenKind.False or HoconTokenKind.Null;
}
