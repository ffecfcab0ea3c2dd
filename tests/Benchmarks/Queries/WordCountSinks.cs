using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sinks;

namespace Sluice.Benchmarks.Queries;

/// <summary>
/// Counts the rows of each committed epoch (the stateless split's output). It stages in chunks, counting them as they
/// come, so the query does not hold an epoch of words for it; the count becomes visible when the epoch commits.
/// </summary>
internal sealed class CountingSink<T> : QuerySink<T>
{
    private readonly Dictionary<long, long> _staged = [];

    public override string Description => "CountingSink";

    public override bool StagesRowsInChunks => true;

    public long Rows { get; private set; }

    public override ValueTask StageAsync(long epochId, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        _staged[epochId] = _staged.GetValueOrDefault(epochId) + rows.Count;
        return ValueTask.CompletedTask;
    }

    public override ValueTask AbortAfterAsync(long committedEpoch, CancellationToken cancellationToken)
    {
        foreach (var epoch in _staged.Keys.Where(e => e > committedEpoch).ToList())
        {
            _staged.Remove(epoch); // a restart runs those epochs again
        }

        return base.AbortAfterAsync(committedEpoch, cancellationToken);
    }

    protected override ValueTask WriteEpochAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken)
    {
        _staged.Remove(epochId, out var staged);
        Rows += staged + rows.Count;
        return ValueTask.CompletedTask;
    }
}

/// <summary>Keeps the latest value of each key written in Update mode (the keyed count's result table).</summary>
internal sealed class LatestValueSink<TKey> : QuerySink<KeyedValue<TKey, long>>
    where TKey : notnull
{
    public override string Description => "LatestValueSink";

    public Dictionary<TKey, long> Table { get; } = [];

    protected override ValueTask WriteEpochAsync(long epochId, IReadOnlyList<KeyedValue<TKey, long>> rows, OutputMode mode, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            Table[row.Key] = row.Value;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Sums the counts of the windows written in Append mode (each closed window once).</summary>
internal sealed class WindowSumSink : QuerySink<WindowedRow<string, long>>
{
    public override string Description => "WindowSumSink";

    public long Sum { get; private set; }

    protected override ValueTask WriteEpochAsync(long epochId, IReadOnlyList<WindowedRow<string, long>> rows, OutputMode mode, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            Sum += row.Value;
        }

        return ValueTask.CompletedTask;
    }
}
