using Sluice.Graphs.Materialization;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Dsl;

/// <summary>
/// A blueprint of a processing step with one input and one output. Immutable and reusable. Operators are extension
/// methods in <see cref="FlowOperations"/>; start a chain with <see cref="Flow.Create{T}"/>.
/// </summary>
/// <typeparam name="TIn">The input element type.</typeparam>
/// <typeparam name="TOut">The output element type.</typeparam>
/// <typeparam name="TMat">The materialized value.</typeparam>
public sealed class Flow<TIn, TOut, TMat> : IGraph<FlowShape<TIn, TOut>, TMat>
{
    internal Flow(Module module, bool isIdentity = false)
    {
        Module = module;
        IsIdentity = isIdentity;
        Shape = new FlowShape<TIn, TOut>(new Inlet<TIn>("flow.in"), new Outlet<TOut>("flow.out"));
    }

    /// <inheritdoc />
    public FlowShape<TIn, TOut> Shape { get; }

    internal Module Module { get; }

    /// <summary>Whether this is the empty flow of <see cref="Flow.Create{T}"/> (composition skips it).</summary>
    internal bool IsIdentity { get; }

    Module IGraph<FlowShape<TIn, TOut>, TMat>.Module => Module;

    /// <summary>Appends <paramref name="flow"/>, keeping this flow's materialized value.</summary>
    public Flow<TIn, TNext, TMat> Via<TNext, TMat2>(IGraph<FlowShape<TOut, TNext>, TMat2> flow) =>
        ViaMaterialized(flow, Keep.Left);

    /// <summary>Appends <paramref name="flow"/>, combining both materialized values.</summary>
    public Flow<TIn, TNext, TMat3> ViaMaterialized<TNext, TMat2, TMat3>(
        IGraph<FlowShape<TOut, TNext>, TMat2> flow, Func<TMat, TMat2, TMat3> combine)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(combine);
        if (IsIdentity)
        {
            // Nothing to connect: the new flow is the appended one, with the combined materialized value.
            // Keep.Left of two NotUsed values is the appended flow's own value too: no wrapper, so stages stay fusible.
            var keepsRight = (Delegate)combine == (Delegate)Keep.Right<TMat, TMat2>
                || ((Delegate)combine == (Delegate)Keep.Left<TMat, TMat2> && typeof(TMat2) == typeof(NotUsed));
            var mine = (TMat)(object)NotUsed.Instance;
            return new Flow<TIn, TNext, TMat3>(keepsRight
                ? flow.Module
                : flow.Module.Wrap(Attributes.None, m => combine(mine, (TMat2)m!)));
        }

        if ((Delegate)combine == (Delegate)Keep.Left<TMat, TMat2> && LinearFusion.TryFuse<TOut, TNext>(Module, flow.Module) is { } fused)
        {
            return new Flow<TIn, TNext, TMat3>(fused);
        }

        return new Flow<TIn, TNext, TMat3>(CompositeModule.Linear(Module, flow.Module, MatCombine.Of(combine)));
    }

    /// <summary>Connects this flow to <paramref name="sink"/>, keeping this flow's materialized value.</summary>
    public Sink<TIn, TMat> To<TMat2>(IGraph<SinkShape<TOut>, TMat2> sink) => ToMaterialized(sink, Keep.Left);

    /// <summary>Connects this flow to <paramref name="sink"/>, combining both materialized values.</summary>
    public Sink<TIn, TMat3> ToMaterialized<TMat2, TMat3>(IGraph<SinkShape<TOut>, TMat2> sink, Func<TMat, TMat2, TMat3> combine)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(combine);
        if (IsIdentity)
        {
            var mine = (TMat)(object)NotUsed.Instance;
            return new Sink<TIn, TMat3>(sink.Module.Wrap(Attributes.None, m => combine(mine, (TMat2)m!)));
        }

        return new Sink<TIn, TMat3>(CompositeModule.Linear(Module, sink.Module, MatCombine.Of(combine)));
    }

    /// <summary>Runs this flow between <paramref name="source"/> and <paramref name="sink"/>; returns both materialized values.</summary>
    public (TMat1 Source, TMat2 Sink) RunWith<TMat1, TMat2>(
        IGraph<SourceShape<TIn>, TMat1> source, IGraph<SinkShape<TOut>, TMat2> sink, Materializer materializer) =>
        Source.FromGraph(source).ViaMaterialized(this, Keep.Left).ToMaterialized(sink, Keep.Both).Run(materializer);

    /// <summary>Transforms the materialized value.</summary>
    public Flow<TIn, TOut, TMat2> MapMaterializedValue<TMat2>(Func<TMat, TMat2> map) =>
        new(Module.Wrap(Attributes.None, MatCombine.Map(map)));

    /// <summary>Adds <paramref name="attributes"/> (they win over the ones already there).</summary>
    public Flow<TIn, TOut, TMat> WithAttributes(Attributes attributes) => new(Module.WithAttributes(attributes));

    /// <summary>Names this flow.</summary>
    public Flow<TIn, TOut, TMat> Named(string name) => WithAttributes(StageAttributes.Name(name));

    /// <summary>Puts everything composed so far into its own island (see <see cref="Source{TOut,TMat}.Async"/>).</summary>
    public Flow<TIn, TOut, TMat> Async() => new(Module.Wrap(Attributes.Create(Attributes.AsyncBoundary.Instance)));
}

/// <summary>Entry points for flows.</summary>
public static class Flow
{
    /// <summary>An empty flow of <typeparamref name="T"/> to append operators to: <c>Flow.Create&lt;int&gt;().Select(x =&gt; x * 2)</c>.</summary>
    public static Flow<T, T, NotUsed> Create<T>() => IdentityHolder<T>.Instance;

    /// <summary>Wraps a graph with a flow shape (a custom stage or a <c>GraphDsl</c> graph).</summary>
    public static Flow<TIn, TOut, TMat> FromGraph<TIn, TOut, TMat>(IGraph<FlowShape<TIn, TOut>, TMat> graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph as Flow<TIn, TOut, TMat> ?? new Flow<TIn, TOut, TMat>(graph.Module);
    }

    /// <summary>A flow made of a sink (where input goes) and a source (where output comes from), not connected to each other.</summary>
    public static Flow<TIn, TOut, NotUsed> FromSinkAndSource<TIn, TOut, TMat1, TMat2>(
        IGraph<SinkShape<TIn>, TMat1> sink, IGraph<SourceShape<TOut>, TMat2> source)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(source);
        return new Flow<TIn, TOut, NotUsed>(new CompositeModule(
            [sink.Module, source.Module], [], [new PortRef(0, 0)], [new PortRef(1, 0)], static _ => NotUsed.Instance, Attributes.None));
    }

    private static class IdentityHolder<T>
    {
        public static readonly Flow<T, T, NotUsed> Instance = new(new Stages.Identity<T>().AsModule(), isIdentity: true);
    }
}
