namespace Sluice.Actors.Configuration;

/// <summary>
/// A value concatenation that holds at least one substitution, so its type (string, list or object) is known only
/// once the substitutions are resolved. <see cref="Pieces"/> keeps the unquoted whitespace between the parts as
/// <see cref="HoconScalarKind.Whitespace"/> scalars: it counts between strings and is ignored between lists or
/// objects.
/// </summary>
internal sealed class HoconConcatenation : HoconValue
{
    public HoconConcatenation(IReadOnlyList<HoconValue> pieces, ConfigOrigin origin, int column)
        : base(origin, column) => Pieces = pieces;

    public IReadOnlyList<HoconValue> Pieces { get; }

    public override bool IsResolved => false;

    public override string KindName => "a concatenation";
}
