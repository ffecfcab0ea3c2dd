namespace Sluice.Actors.Configuration;

/// <summary>
/// A node of a configuration tree. Parsing builds a tree that may still hold substitutions
/// (<see cref="HoconSubstitution"/>), value concatenations that contain them (<see cref="HoconConcatenation"/>) and
/// merges that must wait for them (<see cref="HoconMerge"/>); <see cref="HoconResolver"/> turns it into a tree of
/// only objects, arrays and scalars.
/// </summary>
internal abstract class HoconValue
{
    protected HoconValue(ConfigOrigin origin, int column)
    {
        Origin = origin;
        Column = column;
    }

    /// <summary>Where the value was written.</summary>
    public ConfigOrigin Origin { get; }

    /// <summary>The 1-based column where the value starts, or 0.</summary>
    public int Column { get; }

    /// <summary>True when the node and everything below it is free of substitutions.</summary>
    public abstract bool IsResolved { get; }

    /// <summary>The kind of value, for messages: <c>a string</c>, <c>an object</c>, <c>a list</c> ...</summary>
    public abstract string KindName { get; }
}
