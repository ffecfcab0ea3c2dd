using Sluice.Graphs.Supervision;

namespace Sluice.Graphs;

/// <summary>Factories for the attributes users put on graphs with <c>WithAttributes</c>.</summary>
public static class StageAttributes
{
    /// <summary>Names a stage (for logs and error messages).</summary>
    public static Attributes Name(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Attributes.Create(new Attributes.Name(name));
    }

    /// <summary>Sets the async boundary buffer: <paramref name="initial"/> first demand, <paramref name="max"/> capacity.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not a positive power of two, or initial exceeds max.</exception>
    public static Attributes InputBuffer(int initial, int max)
    {
        MaterializerSettings.ValidateBuffer(initial, max);
        return Attributes.Create(new Attributes.InputBuffer(initial, max));
    }

    /// <summary>
    /// Sets how stages that honour supervision (Select, Where, SelectMany, Collect, Scan, Aggregate, ...) react to an
    /// exception thrown by user code: <see cref="SupervisionDirective.Stop"/> fails the stream,
    /// <see cref="SupervisionDirective.Resume"/> drops the element, <see cref="SupervisionDirective.Restart"/> drops
    /// it and resets the stage's state.
    /// </summary>
    public static Attributes Supervision(Decider decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        return Attributes.Create(new Attributes.SupervisionStrategy(decider));
    }
}
