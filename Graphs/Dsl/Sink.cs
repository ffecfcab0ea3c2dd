using Sluice.Graphs.Materialization;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Dsl;

/// <summary>
/// A blueprint of a stream end that consumes elements of <typeparamref name="TIn"/>; running it yields a
/// <typeparamref name="TMat"/> (usually a task that completes with the stream). Factories are on <see cref="Sink"/>.
/// </summary>
/// <typeparam name="TIn">The element type.</typeparam>
/// <typeparam name="TMat">The materialized value.</typeparam>
public sealed class Sink<TIn, TMat> : IGraph<SinkShape<TIn>, TMat>
{
    internal Sink(Module module)
    {
        Module = module;
        Shape = new SinkShape<TIn>(new Inlet<TIn>("sink.in"));
    }

    /// <inheritdoc />
    public SinkShape<TIn> Shape { get; }

    internal Module Module { get; }

    Module IGraph<SinkShape<TIn>, TMat>.Module => Module;

    /// <summary>Connects <paramref name="source"/> to this sink, runs it, and returns this sink's materialized value.</summary>
    public TMat RunWith<TMat2>(IGraph<SourceShape<TIn>, TMat2> source, Materializer materializer) =>
        Source.FromGraph(source).ToMaterialized(this, Keep.Right).Run(materializer);

    /// <summary>Transforms the materialized value.</summary>
    public Sink<TIn, TMat2> MapMaterializedValue<TMat2>(Func<TMat, TMat2> map) =>
        new(Module.Wrap(Attributes.None, MatCombine.Map(map)));

    /// <summary>Adds <paramref name="attributes"/> (they win over the ones already there).</summary>
    public Sink<TIn, TMat> WithAttributes(Attributes attributes) => new(Module.WithAttributes(attributes));

    /// <summary>Names this sink.</summary>
    public Sink<TIn, TMat> Named(string name) => WithAttributes(StageAttributes.Name(name));

    /// <summary>Runs this sink in its own island (see <see cref="Source{TOut,TMat}.Async"/>).</summary>
    public Sink<TIn, TMat> Async() => new(Module.Wrap(Attributes.Create(Attributes.AsyncBoundary.Instance)));
}
