namespace Sluice.Graphs.Stage;

/// <summary>One inlet and several outlets of one type: the shape of Broadcast, Balance, Partition.</summary>
/// <typeparam name="TIn">The input element type.</typeparam>
/// <typeparam name="TOut">The output element type.</typeparam>
public sealed class UniformFanOutShape<TIn, TOut> : Shape
{
    private readonly Outlet[] _outlets;

    /// <summary>Creates the shape from its ports.</summary>
    public UniformFanOutShape(Inlet<TIn> inlet, params Outlet<TOut>[] outlets)
    {
        ArgumentNullException.ThrowIfNull(outlets);
        In = inlet ?? throw new ArgumentNullException(nameof(inlet));
        Outs = outlets;
        _outlets = outlets;
        Inlets = [inlet];
    }

    /// <summary>The inlet.</summary>
    public Inlet<TIn> In { get; }

    /// <summary>The outlets, in order.</summary>
    public IReadOnlyList<Outlet<TOut>> Outs { get; }

    /// <summary>The outlet at <paramref name="index"/>.</summary>
    public Outlet<TOut> Out(int index) => Outs[index];

    /// <inheritdoc />
    public override IReadOnlyList<Inlet> Inlets { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Outlet> Outlets => _outlets;

    /// <inheritdoc />
    public override Shape DeepCopy()
    {
        var outs = new Outlet<TOut>[Outs.Count];
        for (var i = 0; i < outs.Length; i++)
        {
            outs[i] = (Outlet<TOut>)Outs[i].CarbonCopy();
        }

        return new UniformFanOutShape<TIn, TOut>((Inlet<TIn>)In.CarbonCopy(), outs);
    }
}
