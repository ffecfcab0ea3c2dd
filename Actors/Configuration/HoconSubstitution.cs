namespace Sluice.Actors.Configuration;

/// <summary>
/// A <c>${path}</c> or <c>${?path}</c>. <see cref="Candidates"/> are the places to look, in order: a substitution
/// written in an included file is looked up first relative to where the file was included, then from the root
/// (HOCON.md, "Include semantics: substitution"); any other substitution has one candidate, the root.
/// </summary>
internal sealed class HoconSubstitution : HoconValue
{
    public HoconSubstitution(
        string[] path, bool optional, IReadOnlyList<HoconLocation> candidates, ConfigOrigin origin, int column)
        : base(origin, column)
    {
        Path = path;
        Optional = optional;
        Candidates = candidates;
    }

    /// <summary>The path as written.</summary>
    public string[] Path { get; }

    public bool Optional { get; }

    public IReadOnlyList<HoconLocation> Candidates { get; }

    public override bool IsResolved => false;

    public override string KindName => "a substitution";

    /// <summary>The substitution as written: <c>${a.b}</c> or <c>${?a.b}</c>.</summary>
    public override string ToString() => (Optional ? "${?" : "${") + HoconPath.Render(Path) + "}";
}
