using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Junctions;

/// <summary>The shape of <see cref="MergePreferred{T}"/>: a preferred inlet plus secondary inlets and one outlet.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class MergePreferredShape<T> : UniformFanInShape<T, T>
{
    private readonly Inlet[] _all;

    /// <summary>Creates the shape.</summary>
    public MergePreferredShape(Outlet<T> outlet, Inlet<T> preferred, params Inlet<T>[] secondary)
        : base(outlet, secondary)
    {
        Preferred = preferred ?? throw new ArgumentNullException(nameof(preferred));
        _all = [.. secondary, preferred];
    }

    /// <summary>The inlet whose elements go first.</summary>
    public Inlet<T> Preferred { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Inlet> Inlets => _all;

    /// <inheritdoc />
    public override Shape DeepCopy() => new MergePreferredShape<T>(
        (Outlet<T>)Out.CarbonCopy(), (Inlet<T>)Preferred.CarbonCopy(), Ins.Select(i => (Inlet<T>)i.CarbonCopy()).ToArray());
}
