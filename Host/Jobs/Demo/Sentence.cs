namespace Sluice.Host.Jobs.Demo;

/// <summary>A generated line of text with the time it was "written" (its event time).</summary>
/// <param name="Time">The event time.</param>
/// <param name="Text">The line.</param>
public sealed record Sentence(DateTimeOffset Time, string Text);
