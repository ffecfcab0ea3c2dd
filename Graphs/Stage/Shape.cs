namespace Sluice.Graphs.Stage;

/// <summary>
/// The ports a graph exposes: its open inlets and outlets. A shape is only a description; the graph behind it
/// decides what flows through. Shapes are immutable.
/// </summary>
public abstract class Shape
{
    /// <summary>The open input ports, in a fixed order.</summary>
    public abstract IReadOnlyList<Inlet> Inlets { get; }

    /// <summary>The open output ports, in a fixed order.</summary>
    public abstract IReadOnlyList<Outlet> Outlets { get; }

    /// <summary>A shape of the same kind with fresh ports of the same names and types.</summary>
    public abstract Shape DeepCopy();

    /// <summary>Assigns each port its index in this shape; called for the shape of an atomic stage.</summary>
    internal void AssignPortIds()
    {
        var ins = Inlets;
        for (var i = 0; i < ins.Count; i++)
        {
            ins[i].Id = i;
        }

        var outs = Outlets;
        for (var i = 0; i < outs.Count; i++)
        {
            outs[i].Id = i;
        }
    }
}
