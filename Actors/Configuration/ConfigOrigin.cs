namespace Sluice.Actors.Configuration;

/// <summary>
/// Where a configuration value was written: a file name (as it was passed to <see cref="Config.ParseFile"/> or
/// joined to the including file's folder), <c>string</c> for <see cref="Config.Parse"/>, or a description such as
/// <c>environment variable SLUICE_ACTOR__THROUGHPUT</c>; and the 1-based line, or 0 when there is no line.
/// </summary>
/// <param name="Description">The file name or other source of the value.</param>
/// <param name="Line">The 1-based line of the value in that source; 0 when the source has no lines.</param>
public sealed record ConfigOrigin(string Description, int Line)
{
    /// <summary>Renders the origin as <c>file:line</c>, or only the description when there is no line.</summary>
    /// <returns>For example <c>application.conf:12</c>.</returns>
    public override string ToString() => Line > 0 ? $"{Description}:{Line}" : Description;
}
