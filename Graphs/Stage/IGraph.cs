using Sluice.Graphs.Materialization;

namespace Sluice.Graphs.Stage;

/// <summary>
/// A reusable, immutable blueprint of a graph with shape <typeparamref name="TShape"/> that materializes a value of
/// type <typeparamref name="TMat"/> each time it runs. Sources, flows, sinks, runnable graphs, stages and graphs
/// built with <c>GraphDsl</c> are all graphs.
/// </summary>
/// <typeparam name="TShape">The shape: the open ports.</typeparam>
/// <typeparam name="TMat">The materialized value.</typeparam>
public interface IGraph<out TShape, out TMat>
    where TShape : Shape
{
    /// <summary>The open ports.</summary>
    TShape Shape { get; }

    /// <summary>The module tree the materializer walks.</summary>
    internal Module Module { get; }
}
