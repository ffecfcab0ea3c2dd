namespace Sluice.Graphs;

/// <summary>The materialized value of a graph that has nothing to give back.</summary>
public sealed class NotUsed
{
    private NotUsed()
    {
    }

    /// <summary>The only instance.</summary>
    public static NotUsed Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "NotUsed";
}
