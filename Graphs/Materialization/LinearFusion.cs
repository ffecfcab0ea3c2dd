using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Materialization;

/// <summary>
/// Fuses adjacent Select/Where stages while the DSL composes a graph: appending a fusible stage right after another
/// one (with nothing but their default names as attributes, and no attributes on the composite holding the first)
/// replaces the first by one <see cref="FusedLinear{TIn,TOut}"/> stage doing both. Attributes, async boundaries and
/// names break a chain, so supervision deciders and islands apply exactly as they would to the separate stages.
/// Blueprints are immutable: a new module is built, the old one stays valid for its other users.
/// </summary>
internal static class LinearFusion
{
    /// <summary>The module of <paramref name="upstream"/> followed by <paramref name="next"/>, fused; null when they cannot fuse.</summary>
    public static Module? TryFuse<TOut, TNext>(Module upstream, Module next)
    {
        if (next is not StageModule { Stage: IFusible<TOut, TNext> head } nextModule || !IsPlain(nextModule, head.Name))
        {
            return null;
        }

        switch (upstream)
        {
            case StageModule { Stage: IFusibleTail<TOut> tail } single when IsPlain(single, tail.Name):
                return tail.Then(head);

            case CompositeModule { Outlets.Length: 1 } composite when composite.Attributes.AttributeList.Count == 0
                && composite.Children[composite.Outlets[0].Child] is StageModule { Stage: IFusibleTail<TOut> tail } last
                && IsPlain(last, tail.Name):
                var children = (Module[])composite.Children.Clone();
                children[composite.Outlets[0].Child] = tail.Then(head);
                return new CompositeModule(children, composite.Edges, composite.Inlets, composite.Outlets, composite.Mat, composite.Attributes);

            default:
                return null;
        }
    }

    private static bool IsPlain(StageModule module, string name) =>
        module.Attributes.AttributeList is [Attributes.Name only] && only.Value == name;
}
