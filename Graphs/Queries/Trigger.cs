namespace Sluice.Graphs.Queries;

/// <summary>When a streaming query runs its batches (Spark's triggers).</summary>
public sealed record Trigger
{
    private Trigger(TriggerKind kind, TimeSpan interval)
    {
        Kind = kind;
        Interval = interval;
    }

    /// <summary>The kind of trigger.</summary>
    public TriggerKind Kind { get; }

    /// <summary>The interval of a processing-time or continuous trigger; zero otherwise.</summary>
    public TimeSpan Interval { get; }

    /// <summary>The next micro-batch starts as soon as the last one ended and data (or a no-data batch) is due.</summary>
    public static Trigger Default { get; } = new(TriggerKind.Default, TimeSpan.Zero);

    /// <summary>One micro-batch with everything available now (ignoring per-trigger limits), then stop; no no-data batch.</summary>
    public static Trigger Once { get; } = new(TriggerKind.Once, TimeSpan.Zero);

    /// <summary>Everything available at start, in as many batches as the per-trigger limits need, one no-data batch if due, then stop.</summary>
    public static Trigger AvailableNow { get; } = new(TriggerKind.AvailableNow, TimeSpan.Zero);

    /// <summary>A micro-batch every <paramref name="interval"/> of the processing clock (at most one batch per trigger).</summary>
    public static Trigger ProcessingTime(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        return new Trigger(TriggerKind.ProcessingTime, interval);
    }

    /// <summary>Rows flow as they arrive; an epoch (checkpoint) ends every <paramref name="checkpointInterval"/>.</summary>
    public static Trigger Continuous(TimeSpan checkpointInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(checkpointInterval, TimeSpan.Zero);
        return new Trigger(TriggerKind.Continuous, checkpointInterval);
    }

    /// <inheritdoc />
    public override string ToString() => Kind is TriggerKind.ProcessingTime or TriggerKind.Continuous ? $"{Kind}({Interval})" : Kind.ToString();
}

/// <summary>The kinds of <see cref="Trigger"/>.</summary>
public enum TriggerKind
{
    /// <summary>See <see cref="Trigger.Default"/>.</summary>
    Default,

    /// <summary>See <see cref="Trigger.ProcessingTime"/>.</summary>
    ProcessingTime,

    /// <summary>See <see cref="Trigger.Once"/>.</summary>
    Once,

    /// <summary>See <see cref="Trigger.AvailableNow"/>.</summary>
    AvailableNow,

    /// <summary>See <see cref="Trigger.Continuous"/>.</summary>
    Continuous,
}
