using Sluice.Graphs.Materialization;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Dsl;

/// <summary>
/// A blueprint of a stream with one output: elements of <typeparamref name="TOut"/>; running it yields a
/// <typeparamref name="TMat"/>. Immutable and reusable: every run creates fresh stages. Operators
/// (<c>Select</c>, <c>Where</c>, ...) are defined once in <see cref="FlowOperations"/> and reach a source through
/// <see cref="Via{TNext,TMat2}"/>.
/// </summary>
/// <typeparam name="TOut">The element type.</typeparam>
/// <typeparam name="TMat">The materialized value.</typeparam>
public sealed class Source<TOut, TMat> : IGraph<SourceShape<TOut>, TMat>
{
    internal Source(Module module)
    {
        Module = module;
        Shape = new SourceShape<TOut>(new Outlet<TOut>("source.out"));
    }

    /// <inheritdoc />
    public SourceShape<TOut> Shape { get; }

    internal Module Module { get; }

    Module IGraph<SourceShape<TOut>, TMat>.Module => Module;

    /// <summary>Connects this source to <paramref name="flow"/>, keeping this source's materialized value.</summary>
    public Source<TNext, TMat> Via<TNext, TMat2>(IGraph<FlowShape<TOut, TNext>, TMat2> flow) =>
        ViaMaterialized(flow, Keep.Left);

    /// <summary>Connects this source to <paramref name="flow"/>, combining both materialized values.</summary>
    public Source<TNext, TMat3> ViaMaterialized<TNext, TMat2, TMat3>(
        IGraph<FlowShape<TOut, TNext>, TMat2> flow, Func<TMat, TMat2, TMat3> combine)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (flow is Flow<TOut, TNext, TMat2> { IsIdentity: true } && (Delegate)combine == (Delegate)Keep.Left<TMat, TMat2>)
        {
            return (Source<TNext, TMat3>)(object)this;
        }

        if ((Delegate)combine == (Delegate)Keep.Left<TMat, TMat2> && LinearFusion.TryFuse<TOut, TNext>(Module, flow.Module) is { } fused)
        {
            return new Source<TNext, TMat3>(fused);
        }

        return new Source<TNext, TMat3>(CompositeModule.Linear(Module, flow.Module, MatCombine.Of(combine)));
    }

    /// <summary>Connects this source to <paramref name="sink"/>, keeping this source's materialized value.</summary>
    public RunnableGraph<TMat> To<TMat2>(IGraph<SinkShape<TOut>, TMat2> sink) => ToMaterialized(sink, Keep.Left);

    /// <summary>Connects this source to <paramref name="sink"/>, combining both materialized values.</summary>
    public RunnableGraph<TMat3> ToMaterialized<TMat2, TMat3>(IGraph<SinkShape<TOut>, TMat2> sink, Func<TMat, TMat2, TMat3> combine)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return new RunnableGraph<TMat3>(CompositeModule.Linear(Module, sink.Module, MatCombine.Of(combine)));
    }

    /// <summary>Connects this source to <paramref name="sink"/>, runs it, and returns the sink's materialized value.</summary>
    public TMat2 RunWith<TMat2>(IGraph<SinkShape<TOut>, TMat2> sink, Materializer materializer) =>
        ToMaterialized(sink, Keep.Right).Run(materializer);

    /// <summary>Transforms the materialized value.</summary>
    public Source<TOut, TMat2> MapMaterializedValue<TMat2>(Func<TMat, TMat2> map) =>
        new(Module.Wrap(Attributes.None, MatCombine.Map(map)));

    /// <summary>Adds <paramref name="attributes"/> (they win over the ones already there).</summary>
    public Source<TOut, TMat> WithAttributes(Attributes attributes) => new(Module.WithAttributes(attributes));

    /// <summary>Names this source.</summary>
    public Source<TOut, TMat> Named(string name) => WithAttributes(StageAttributes.Name(name));

    /// <summary>
    /// Puts everything composed so far into its own island: it runs in its own interpreter, concurrently with what
    /// follows; elements cross the boundary in batches through a bounded buffer.
    /// </summary>
    public Source<TOut, TMat> Async() => new(Module.Wrap(Attributes.Create(Attributes.AsyncBoundary.Instance)));
}
