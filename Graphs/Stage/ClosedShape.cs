namespace Sluice.Graphs.Stage;

/// <summary>The shape of a graph with no open ports: it can be run.</summary>
public sealed class ClosedShape : Shape
{
    private ClosedShape()
    {
    }

    /// <summary>The only instance.</summary>
    public static ClosedShape Instance { get; } = new();

    /// <inheritdoc />
    public override IReadOnlyList<Inlet> Inlets => [];

    /// <inheritdoc />
    public override IReadOnlyList<Outlet> Outlets => [];

    /// <inheritdoc />
    public override Shape DeepCopy() => this;
}
