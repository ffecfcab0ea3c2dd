namespace Sluice.Graphs.Stage;

/// <summary>Two inlets of different types and one outlet: the shape of Zip and ZipWith.</summary>
/// <typeparam name="TIn0">The first input element type.</typeparam>
/// <typeparam name="TIn1">The second input element type.</typeparam>
/// <typeparam name="TOut">The output element type.</typeparam>
public sealed class FanInShape2<TIn0, TIn1, TOut> : Shape
{
    /// <summary>Creates the shape from its ports.</summary>
    public FanInShape2(Inlet<TIn0> in0, Inlet<TIn1> in1, Outlet<TOut> outlet)
    {
        In0 = in0 ?? throw new ArgumentNullException(nameof(in0));
        In1 = in1 ?? throw new ArgumentNullException(nameof(in1));
        Out = outlet ?? throw new ArgumentNullException(nameof(outlet));
        Inlets = [in0, in1];
        Outlets = [outlet];
    }

    /// <summary>The first inlet.</summary>
    public Inlet<TIn0> In0 { get; }

    /// <summary>The second inlet.</summary>
    public Inlet<TIn1> In1 { get; }

    /// <summary>The outlet.</summary>
    public Outlet<TOut> Out { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Inlet> Inlets { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Outlet> Outlets { get; }

    /// <inheritdoc />
    public override Shape DeepCopy() => new FanInShape2<TIn0, TIn1, TOut>(
        (Inlet<TIn0>)In0.CarbonCopy(), (Inlet<TIn1>)In1.CarbonCopy(), (Outlet<TOut>)Out.CarbonCopy());
}
