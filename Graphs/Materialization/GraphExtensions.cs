using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Materialization;

/// <summary>Access to the module behind a graph.</summary>
internal static class GraphExtensions
{
    public static Module AsModule<TShape, TMat>(this IGraph<TShape, TMat> graph)
        where TShape : Shape => graph.Module;
}
