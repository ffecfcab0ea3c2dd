namespace Sluice.Actors.Configuration;

/// <summary>An include statement: what it names, how, and whether a missing resource is an error.</summary>
internal sealed record HoconIncludeSpec(HoconIncludeKind Kind, string Name, bool Required, int Line, int Column);
