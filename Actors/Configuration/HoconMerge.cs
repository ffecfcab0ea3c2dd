namespace Sluice.Actors.Configuration;

/// <summary>
/// Definitions of one field that cannot be merged until substitutions are resolved, lowest priority first: duplicate
/// keys (<c>a = ${x}</c> then <c>a = { y = 1 }</c>), a config and its fallback, or an object concatenation such as
/// <c>${base} { name = east }</c>. The resolver walks the layers from the top: a non-object hides everything below
/// it, objects merge. A self-referential layer sees only the layers below it.
/// </summary>
internal sealed class HoconMerge : HoconValue
{
    public HoconMerge(IReadOnlyList<HoconValue> layers, bool isConcatenation, ConfigOrigin origin, int column)
        : base(origin, column)
    {
        Layers = layers;
        IsConcatenation = isConcatenation;
    }

    /// <summary>The definitions, lowest priority (earliest) first.</summary>
    public IReadOnlyList<HoconValue> Layers { get; }

    /// <summary>True for an object concatenation: every layer must turn out to be an object.</summary>
    public bool IsConcatenation { get; }

    public override bool IsResolved => false;

    public override string KindName => "a merge";
}
