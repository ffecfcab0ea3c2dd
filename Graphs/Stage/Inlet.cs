using Sluice.Graphs.Fusing;

namespace Sluice.Graphs.Stage;

/// <summary>An input port of a stage. Elements arrive here after the stage pulled it.</summary>
public abstract class Inlet
{
    private protected Inlet(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The port's name, used in error messages.</summary>
    public string Name { get; }

    /// <summary>Index of this port in the shape of the stage that owns it (assigned when a logic is created).</summary>
    internal int Id { get; set; } = -1;

    internal abstract Inlet CarbonCopy();

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>An input port carrying elements of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Inlet<T> : Inlet
{
    /// <summary>Creates a port named <paramref name="name"/> (for example <c>"select.in"</c>).</summary>
    public Inlet(string name)
        : base(name)
    {
    }

    internal override Inlet CarbonCopy() => new Inlet<T>(Name);
}
