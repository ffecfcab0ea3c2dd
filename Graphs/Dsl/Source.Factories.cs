using Sluice.Graphs.Offsets;
using Sluice.Graphs.Sources;
using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Dsl;

/// <summary>Factories for the generic sources.</summary>
public static partial class Source
{
    /// <summary>Wraps a graph with a source shape (a custom stage or a <c>GraphDsl</c> graph).</summary>
    public static Source<T, TMat> FromGraph<T, TMat>(IGraph<SourceShape<T>, TMat> graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph as Source<T, TMat> ?? new Source<T, TMat>(graph.Module);
    }

    /// <summary>
    /// Emits the elements of <paramref name="elements"/> in order, one per pull, then completes. Each run enumerates
    /// again. Reports its offset: the number of elements emitted.
    /// </summary>
    public static Source<T, NotUsed> From<T>(IEnumerable<T> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return FromGraph(new EnumerableSource<T>(elements));
    }

    /// <summary>Emits <paramref name="element"/>, then completes.</summary>
    public static Source<T, NotUsed> Single<T>(T element) => FromGraph(new SingleSource<T>(element));

    /// <summary>Completes at once without elements.</summary>
    public static Source<T, NotUsed> Empty<T>() => FromGraph(new FailedSource<T>(null));

    /// <summary>Fails at once with <paramref name="error"/> (passed downstream unchanged).</summary>
    public static Source<T, NotUsed> Failed<T>(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return FromGraph(new FailedSource<T>(error));
    }

    /// <summary>Emits the elements of <paramref name="elements"/>, asking for the next one only on demand; cancellation disposes the enumerator.</summary>
    public static Source<T, NotUsed> From<T>(IAsyncEnumerable<T> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return FromGraph(new AsyncEnumerableSource<T>(elements));
    }

    /// <summary>Emits <paramref name="element"/> forever (combine with <c>Take</c>).</summary>
    public static Source<T, NotUsed> Repeat<T>(T element) => FromGraph(new RepeatSource<T>(element));

    /// <summary>
    /// Emits elements computed from a state: <paramref name="next"/> returns the next state and element, or null to
    /// complete.
    /// </summary>
    public static Source<T, NotUsed> Unfold<TState, T>(TState seed, Func<TState, (TState State, T Element)?> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return FromGraph(new UnfoldSource<TState, T>(seed, next));
    }

    /// <summary>
    /// Emits <paramref name="tick"/> after <paramref name="initialDelay"/> and then every <paramref name="interval"/>
    /// on the materializer's clock; a tick that finds downstream not ready is dropped. Never completes.
    /// </summary>
    public static Source<T, NotUsed> Tick<T>(TimeSpan initialDelay, TimeSpan interval, T tick)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return FromGraph(new TickSource<T>(initialDelay, interval, tick));
    }

    /// <summary>
    /// A source fed from outside: the materialized queue's <c>OfferAsync</c> puts elements into a buffer of
    /// <paramref name="bufferSize"/>; when it is full, <paramref name="overflow"/> decides (with
    /// <see cref="OverflowStrategy.Backpressure"/> the offer completes only when there is room).
    /// <c>Complete</c> ends the stream after the buffer drained; <c>Fail</c> ends it at once.
    /// </summary>
    public static Source<T, ISourceQueueWithComplete<T>> Queue<T>(int bufferSize, OverflowStrategy overflow = OverflowStrategy.Backpressure)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        return FromGraph(new QueueSource<T>(bufferSize, overflow));
    }

    /// <summary>
    /// Spark's rate source: <paramref name="rowsPerSecond"/> rows of (timestamp, value), values counting from
    /// <paramref name="startOffset"/>; during <paramref name="rampUp"/> (whole seconds) the speed grows linearly to the
    /// full rate. Driven by the materializer's clock. The materialized handle reports the offset (the next value), and
    /// a new run can resume from it by passing it as <paramref name="startOffset"/>.
    /// </summary>
    public static Source<RateRow, SourceOffsetHandle> Rate(long rowsPerSecond, TimeSpan rampUp = default, long startOffset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rampUp, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(startOffset);
        return FromGraph(new RateSource(rowsPerSecond, (long)rampUp.TotalSeconds, startOffset));
    }
}
