namespace Sluice.Graphs.StatefulFunctions;

/// <summary>How the groups of <c>MapWithState</c>/<c>FlatMapWithState</c> time out (Spark's <c>GroupStateTimeout</c>).</summary>
public enum GroupStateTimeout
{
    /// <summary>Groups never time out; <see cref="GroupState{TState}.SetTimeoutDuration"/> and <see cref="GroupState{TState}.SetTimeoutTimestamp"/> throw.</summary>
    NoTimeout,

    /// <summary>
    /// A group times out when the batch timestamp (the trigger clock at the start of a batch) passes the time set by
    /// <see cref="GroupState{TState}.SetTimeoutDuration"/>. Every trigger then runs a batch, even without data.
    /// </summary>
    ProcessingTimeTimeout,

    /// <summary>
    /// A group times out when the watermark passes the time set by <see cref="GroupState{TState}.SetTimeoutTimestamp"/>.
    /// Needs a watermark (<c>WithWatermark</c>); rows at or below the watermark are dropped as late.
    /// </summary>
    EventTimeTimeout,
}
