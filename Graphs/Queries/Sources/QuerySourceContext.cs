namespace Sluice.Graphs.Queries.Sources;

/// <summary>What a running query gives each of its sources: the query's clock and a way to say that new data arrived.</summary>
public sealed class QuerySourceContext
{
    private readonly Action _dataAvailable;

    internal QuerySourceContext(TimeProvider clock, Action dataAvailable)
    {
        Clock = clock;
        _dataAvailable = dataAvailable;
    }

    /// <summary>The query's processing clock (a manual clock in tests).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Wakes the query: a default (as fast as possible) or continuous trigger then reads the new data without polling.</summary>
    public void NotifyDataAvailable() => _dataAvailable();
}
