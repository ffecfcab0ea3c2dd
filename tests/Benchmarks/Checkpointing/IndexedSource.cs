using Sluice.Graphs.Queries.Sources;

namespace Sluice.Benchmarks.Checkpointing;

/// <summary>
/// A replayable source of <paramref name="length"/> rows, row i being <paramref name="row"/>(i), every row available at
/// once but at most <paramref name="rowsPerTrigger"/> per batch (Spark's maxOffsetsPerTrigger). Completes
/// <see cref="Done"/> when the query commits the last offset, and records when the first batch was read.
/// </summary>
internal sealed class IndexedSource(string name, long length, long rowsPerTrigger, Func<long, string> row) : QuerySource<string>
{
    private long _firstReadTicks;

    public override string Description => name;

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Stopwatch ticks of the first read, 0 before it.</summary>
    public long FirstReadTicks => Volatile.Read(ref _firstReadTicks);

    public override ValueTask<long> LatestOffsetAsync(long start, bool applyLimits, CancellationToken cancellationToken) =>
        ValueTask.FromResult(applyLimits ? Math.Min(length, start + rowsPerTrigger) : length);

    public override ValueTask<IEnumerable<string>> ReadAsync(long start, long end, CancellationToken cancellationToken)
    {
        Interlocked.CompareExchange(ref _firstReadTicks, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        return ValueTask.FromResult(Rows(start, end));
    }

    public override ValueTask CommitAsync(long end, CancellationToken cancellationToken)
    {
        if (end >= length) Done.TrySetResult();
        return ValueTask.CompletedTask;
    }

    private IEnumerable<string> Rows(long start, long end)
    {
        for (var i = start; i < end; i++) yield return row(i);
    }
}
