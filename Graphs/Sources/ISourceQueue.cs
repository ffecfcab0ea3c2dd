namespace Sluice.Graphs.Sources;

/// <summary>The materialized value of <c>Source.Queue</c>: push elements into a running stream.</summary>
/// <typeparam name="T">The element type.</typeparam>
public interface ISourceQueue<in T>
{
    /// <summary>
    /// Offers <paramref name="element"/>. With <see cref="OverflowStrategy.Backpressure"/> the task completes only when
    /// there is room (then <see cref="QueueOfferResult.Enqueued"/>); otherwise at once.
    /// </summary>
    Task<QueueOfferResult> OfferAsync(T element);

    /// <summary>Completes when the stream this queue feeds stopped (fails if it failed).</summary>
    Task WatchCompletionAsync();
}

/// <summary>A source queue that can also end its stream.</summary>
/// <typeparam name="T">The element type.</typeparam>
public interface ISourceQueueWithComplete<in T> : ISourceQueue<T>
{
    /// <summary>Completes the stream after the buffered elements were emitted.</summary>
    void Complete();

    /// <summary>Fails the stream with <paramref name="cause"/> (passed unchanged).</summary>
    void Fail(Exception cause);
}
