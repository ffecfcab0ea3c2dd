namespace Sluice.Graphs.Queries.Sinks;

/// <summary>Calls user code once per epoch with its rows and epoch id (Spark's foreachBatch); the epoch id makes the writes idempotent.</summary>
/// <typeparam name="T">The row type.</typeparam>
/// <remarks>
/// The function runs when the epoch's output is staged, before its commit is logged, as Spark runs foreachBatch inside
/// the batch: a crash after the call re-runs the epoch after the restart with the same id and rows, which the function
/// replaces (at least once, exactly once for an idempotent function). Called at the sink's commit instead, after the
/// commit log, a crash in between would lose the epoch for good: the restarted query resumes after it.
/// </remarks>
internal sealed class ForEachBatchSink<T>(Func<IReadOnlyList<T>, long, CancellationToken, ValueTask> handler) : QuerySink<T>
{
    public override string Description => "ForeachBatchSink";

    public override ValueTask PreCommitAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken) =>
        handler(rows, epochId, cancellationToken);

    public override ValueTask CommitAsync(long epochId, OutputMode mode, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    protected override ValueTask WriteEpochAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken) =>
        handler(rows, epochId, cancellationToken);
}
