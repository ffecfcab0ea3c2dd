namespace Sluice.Actors.Configuration;

/// <summary>
/// What the parser of one text needs to know about where the text came from.
/// </summary>
/// <param name="Origin">The name messages and origins use: the path as given, or <c>string</c>.</param>
/// <param name="FullPath">The absolute path of the file, or null for a string.</param>
/// <param name="BaseDirectory">The folder relative includes are found in.</param>
/// <param name="Syntax">HOCON or JSON (properties files do not go through the parser).</param>
/// <param name="IncludeChain">The files being parsed, outermost first, as (full path, origin) pairs: an include of
/// one of them is a cycle.</param>
/// <param name="IncludedAt">For an included text, where its root lands; null for the top-level text.</param>
internal sealed record HoconParseContext(
    string Origin,
    string? FullPath,
    string BaseDirectory,
    HoconSyntax Syntax,
    IReadOnlyList<(string FullPath, string Origin)> IncludeChain,
    HoconLocation? IncludedAt);
