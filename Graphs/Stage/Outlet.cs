using Sluice.Graphs.Fusing;

namespace Sluice.Graphs.Stage;

/// <summary>An output port of a stage. The stage may push one element here after each pull from downstream.</summary>
public abstract class Outlet
{
    private protected Outlet(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The port's name, used in error messages.</summary>
    public string Name { get; }

    /// <summary>Index of this port in the shape of the stage that owns it (assigned when a logic is created).</summary>
    internal int Id { get; set; } = -1;

    internal abstract Outlet CarbonCopy();

    /// <summary>Creates the typed connection that carries this port's elements inside one interpreter.</summary>
    internal abstract Connection CreateConnection();

    /// <summary>Creates the two boundary logics that carry this port's elements from one island to another.</summary>
    internal abstract (GraphStageLogic Upstream, GraphStageLogic Downstream) CreateBoundary(int initialCredit, int capacity);

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>An output port carrying elements of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Outlet<T> : Outlet
{
    /// <summary>Creates a port named <paramref name="name"/> (for example <c>"select.out"</c>).</summary>
    public Outlet(string name)
        : base(name)
    {
    }

    internal override Outlet CarbonCopy() => new Outlet<T>(Name);

    internal override Connection CreateConnection() => new Connection<T>();

    internal override (GraphStageLogic Upstream, GraphStageLogic Downstream) CreateBoundary(int initialCredit, int capacity)
    {
        var channel = new BoundaryChannel<T>(capacity, initialCredit);
        return (new OutputBoundary<T>(channel), new InputBoundary<T>(channel));
    }
}
