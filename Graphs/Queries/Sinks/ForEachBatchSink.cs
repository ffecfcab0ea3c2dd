namespace Sluice.Graphs.Queries.Sinks;

/// <summary>Calls user code once per committed epoch with its rows and epoch id (Spark's foreachBatch); the epoch id makes the writes idempotent.</summary>
/// <typeparam name="T">The row type.</typeparam>
internal sealed class ForEachBatchSink<T>(Func<IReadOnlyList<T>, long, CancellationToken, ValueTask> handler) : QuerySink<T>
{
    public override string Description => "ForeachBatchSink";

    protected override ValueTask WriteEpochAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken) =>
        handler(rows, epochId, cancellationToken);
}
