namespace Sluice.Graphs.Stage;

/// <summary>Several inlets of one type and one outlet: the shape of Merge, Concat, Interleave.</summary>
/// <typeparam name="TIn">The input element type.</typeparam>
/// <typeparam name="TOut">The output element type.</typeparam>
public class UniformFanInShape<TIn, TOut> : Shape
{
    private readonly Inlet[] _inlets;

    /// <summary>Creates the shape from its ports.</summary>
    public UniformFanInShape(Outlet<TOut> outlet, params Inlet<TIn>[] inlets)
    {
        ArgumentNullException.ThrowIfNull(inlets);
        Out = outlet ?? throw new ArgumentNullException(nameof(outlet));
        Ins = inlets;
        _inlets = inlets;
        Outlets = [outlet];
    }

    /// <summary>The outlet.</summary>
    public Outlet<TOut> Out { get; }

    /// <summary>The inlets, in order.</summary>
    public IReadOnlyList<Inlet<TIn>> Ins { get; }

    /// <summary>The inlet at <paramref name="index"/>.</summary>
    public Inlet<TIn> In(int index) => Ins[index];

    /// <inheritdoc />
    public override IReadOnlyList<Inlet> Inlets => _inlets;

    /// <inheritdoc />
    public override IReadOnlyList<Outlet> Outlets { get; }

    /// <inheritdoc />
    public override Shape DeepCopy()
    {
        var ins = new Inlet<TIn>[Ins.Count];
        for (var i = 0; i < ins.Length; i++)
        {
            ins[i] = (Inlet<TIn>)Ins[i].CarbonCopy();
        }

        return new UniformFanInShape<TIn, TOut>((Outlet<TOut>)Out.CarbonCopy(), ins);
    }
}
