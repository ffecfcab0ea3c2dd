namespace Sluice.Graphs.Stage;

/// <summary>One outlet: the shape of a source.</summary>
/// <typeparam name="TOut">The element type.</typeparam>
public sealed class SourceShape<TOut> : Shape
{
    /// <summary>Creates the shape around <paramref name="outlet"/>.</summary>
    public SourceShape(Outlet<TOut> outlet)
    {
        Out = outlet ?? throw new ArgumentNullException(nameof(outlet));
        Outlets = [outlet];
    }

    /// <summary>The outlet.</summary>
    public Outlet<TOut> Out { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Inlet> Inlets => [];

    /// <inheritdoc />
    public override IReadOnlyList<Outlet> Outlets { get; }

    /// <inheritdoc />
    public override Shape DeepCopy() => new SourceShape<TOut>((Outlet<TOut>)Out.CarbonCopy());
}
