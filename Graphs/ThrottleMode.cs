namespace Sluice.Graphs;

/// <summary>What <c>Throttle</c> does with an element that exceeds the rate.</summary>
public enum ThrottleMode
{
    /// <summary>Delay it until the rate allows it (backpressure).</summary>
    Shaping,

    /// <summary>Fail the stream with a <see cref="StreamStageException"/>.</summary>
    Enforcing,
}
