namespace Sluice.Graphs.Sources;

/// <summary>The outcome of <see cref="ISourceQueue{T}.OfferAsync"/>.</summary>
public abstract record QueueOfferResult
{
    private QueueOfferResult()
    {
    }

    /// <summary>The element was accepted (buffered or emitted).</summary>
    public static QueueOfferResult Enqueued { get; } = new EnqueuedResult();

    /// <summary>The element was dropped by the overflow strategy.</summary>
    public static QueueOfferResult Dropped { get; } = new DroppedResult();

    /// <summary>The queue no longer accepts elements: the stream completed or was cancelled.</summary>
    public static QueueOfferResult QueueClosed { get; } = new QueueClosedResult();

    /// <summary>The stream failed (or the buffer overflowed with <see cref="OverflowStrategy.Fail"/>).</summary>
    public sealed record Failure(Exception Cause) : QueueOfferResult;

    private sealed record EnqueuedResult : QueueOfferResult
    {
        public override string ToString() => "Enqueued";
    }

    private sealed record DroppedResult : QueueOfferResult
    {
        public override string ToString() => "Dropped";
    }

    private sealed record QueueClosedResult : QueueOfferResult
    {
        public override string ToString() => "QueueClosed";
    }
}
