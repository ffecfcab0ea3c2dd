using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sinks;

namespace Sluice.Benchmarks.Queries;

/// <summary>Counts the rows of each committed epoch (the stateless split's output).</summary>
internal sealed class CountingSink<T> : QuerySink<T>
{
    public override string Description => "CountingSink";

    public long Rows { get; private set; }

    protected override ValueTask WriteEpochAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken)
    {
        Rows += rows.Count;
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
