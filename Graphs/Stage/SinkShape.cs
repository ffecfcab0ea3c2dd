namespace Sluice.Graphs.Stage;

/// <summary>One inlet: the shape of a sink.</summary>
/// <typeparam name="TIn">The element type.</typeparam>
public sealed class SinkShape<TIn> : Shape
{
    /// <summary>Creates the shape around <paramref name="inlet"/>.</summary>
    public SinkShape(Inlet<TIn> inlet)
    {
        In = inlet ?? throw new ArgumentNullException(nameof(inlet));
        Inlets = [inlet];
    }

    /// <summary>The inlet.</summary>
    public Inlet<TIn> In { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Inlet> Inlets { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Outlet> Outlets => [];

    /// <inheritdoc />
    public override Shape DeepCopy() => new SinkShape<TIn>((Inlet<TIn>)In.CarbonCopy());
}
