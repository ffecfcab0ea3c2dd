namespace Sluice.Graphs.Stage;

/// <summary>One inlet and one outlet: the shape of a flow (a linear operator).</summary>
/// <typeparam name="TIn">The input element type.</typeparam>
/// <typeparam name="TOut">The output element type.</typeparam>
public sealed class FlowShape<TIn, TOut> : Shape
{
    /// <summary>Creates the shape from its two ports.</summary>
    public FlowShape(Inlet<TIn> inlet, Outlet<TOut> outlet)
    {
        In = inlet ?? throw new ArgumentNullException(nameof(inlet));
        Out = outlet ?? throw new ArgumentNullException(nameof(outlet));
        Inlets = [inlet];
        Outlets = [outlet];
    }

    /// <summary>The inlet.</summary>
    public Inlet<TIn> In { get; }

    /// <summary>The outlet.</summary>
    public Outlet<TOut> Out { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Inlet> Inlets { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Outlet> Outlets { get; }

    /// <inheritdoc />
    public override Shape DeepCopy() =>
        new FlowShape<TIn, TOut>((Inlet<TIn>)In.CarbonCopy(), (Outlet<TOut>)Out.CarbonCopy());
}
