namespace Sluice.Scenarios.Recovery;

/// <summary>A setting's value written as HOCON as it is (a list, an object).</summary>
/// <param name="Hocon">The HOCON text.</param>
internal sealed record Literal(string Hocon);
