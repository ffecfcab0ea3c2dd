using Sluice.Graphs.Supervision;

namespace Sluice.Graphs;

/// <summary>A marker for one attribute value (name, input buffer, supervision ...).</summary>
public interface IAttribute;

/// <summary>
/// Immutable, ordered attributes of a graph. Attributes set on a composite graph are inherited by the stages
/// inside it; when the same kind is present several times, the innermost (last added) wins. Build them with
/// <see cref="StageAttributes"/>.
/// </summary>
public sealed class Attributes
{
    private readonly IAttribute[] _list;

    private Attributes(IAttribute[] list) => _list = list;

    /// <summary>No attributes.</summary>
    public static Attributes None { get; } = new([]);

    /// <summary>All attribute values, outermost first.</summary>
    public IReadOnlyList<IAttribute> AttributeList => _list;

    /// <summary>Creates attributes holding <paramref name="attributes"/>, outermost first.</summary>
    public static Attributes Create(params IAttribute[] attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return attributes.Length == 0 ? None : new Attributes((IAttribute[])attributes.Clone());
    }

    /// <summary>These attributes followed by <paramref name="other"/>, whose values win.</summary>
    public Attributes And(Attributes other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._list.Length == 0)
        {
            return this;
        }

        if (_list.Length == 0)
        {
            return other;
        }

        var list = new IAttribute[_list.Length + other._list.Length];
        _list.CopyTo(list, 0);
        other._list.CopyTo(list, _list.Length);
        return new Attributes(list);
    }

    /// <summary>These attributes followed by <paramref name="attribute"/>, which wins.</summary>
    public Attributes And(IAttribute attribute) => And(Create(attribute));

    /// <summary>The innermost attribute of kind <typeparamref name="T"/>, or null.</summary>
    public T? Get<T>()
        where T : class, IAttribute
    {
        for (var i = _list.Length - 1; i >= 0; i--)
        {
            if (_list[i] is T t)
            {
                return t;
            }
        }

        return null;
    }

    /// <summary>Whether an attribute of kind <typeparamref name="T"/> is present.</summary>
    public bool Contains<T>()
        where T : class, IAttribute => Get<T>() is not null;

    /// <summary>These attributes without any of kind <typeparamref name="T"/>.</summary>
    internal Attributes Without<T>()
        where T : class, IAttribute
    {
        if (!Contains<T>())
        {
            return this;
        }

        return new Attributes(Array.FindAll(_list, a => a is not T));
    }

    /// <inheritdoc />
    public override string ToString() => $"Attributes({string.Join(", ", (IEnumerable<IAttribute>)_list)})";

    /// <summary>The name of a stage or graph, used in logs and error messages.</summary>
    /// <param name="Value">The name.</param>
    public sealed record Name(string Value) : IAttribute;

    /// <summary>The size of the buffer in front of an async boundary's downstream side.</summary>
    /// <param name="Initial">Demand signalled first (a power of two).</param>
    /// <param name="Max">Capacity of the boundary buffer (a power of two).</param>
    public sealed record InputBuffer(int Initial, int Max) : IAttribute;

    /// <summary>Marks a graph as its own island: it runs in its own interpreter, elements cross in batches.</summary>
    public sealed record AsyncBoundary : IAttribute
    {
        /// <summary>The only instance.</summary>
        public static AsyncBoundary Instance { get; } = new();
    }

    /// <summary>How a stage that honours supervision reacts to an exception from user code.</summary>
    /// <param name="Decider">The decider.</param>
    public sealed record SupervisionStrategy(Decider Decider) : IAttribute;
}
