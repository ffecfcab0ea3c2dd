using Sluice.Graphs.Materialization;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Dsl;

/// <summary>A closed graph, ready to run: every port is connected. Each <see cref="Run"/> starts a new stream.</summary>
/// <typeparam name="TMat">The materialized value.</typeparam>
public sealed class RunnableGraph<TMat> : IGraph<ClosedShape, TMat>
{
    internal RunnableGraph(Module module) => Module = module;

    /// <inheritdoc />
    public ClosedShape Shape => ClosedShape.Instance;

    internal Module Module { get; }

    Module IGraph<ClosedShape, TMat>.Module => Module;

    /// <summary>Starts the stream and returns its materialized value.</summary>
    public TMat Run(Materializer materializer)
    {
        ArgumentNullException.ThrowIfNull(materializer);
        return materializer.Materialize(this);
    }

    /// <summary>Transforms the materialized value.</summary>
    public RunnableGraph<TMat2> MapMaterializedValue<TMat2>(Func<TMat, TMat2> map) =>
        new(Module.Wrap(Attributes.None, MatCombine.Map(map)));

    /// <summary>Adds <paramref name="attributes"/> to the whole graph.</summary>
    public RunnableGraph<TMat> WithAttributes(Attributes attributes) => new(Module.WithAttributes(attributes));
}

/// <summary>Entry points for runnable graphs.</summary>
public static class RunnableGraph
{
    /// <summary>Wraps a closed graph built with <c>GraphDsl</c>.</summary>
    public static RunnableGraph<TMat> FromGraph<TMat>(IGraph<ClosedShape, TMat> graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph as RunnableGraph<TMat> ?? new RunnableGraph<TMat>(graph.AsModule());
    }
}
