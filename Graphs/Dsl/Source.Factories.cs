using Sluice.Graphs.Materialization;
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
}
