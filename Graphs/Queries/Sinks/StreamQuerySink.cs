using Sluice.Graphs.Dsl;
using Sluice.Graphs.Sources;

namespace Sluice.Graphs.Queries.Sinks;

/// <summary>
/// Feeds every row of each epoch into any stream <see cref="Sink{TIn,TMat}"/>, materialized once when the query starts
/// writing (behind a backpressured queue: a slow sink slows the epoch, never loses rows).
/// </summary>
/// <remarks>
/// A stream sink has no transaction to join, so it is at least once, as Spark's foreach sink: the rows go in when the
/// epoch's output is staged, before its commit is logged, and a crash after that re-runs the epoch with the same rows
/// after the restart. Fed at the sink's commit instead, after the commit log, a crash in between would lose the epoch.
/// </remarks>
internal sealed class StreamQuerySink<T, TMat>(Sink<T, TMat> sink, Materializer materializer) : QuerySink<T>
{
    private ISourceQueueWithComplete<T>? _queue;

    public override string Description => "StreamSink[" + sink + "]";

    public override async ValueTask PreCommitAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken) =>
        await WriteEpochAsync(epochId, rows, mode, cancellationToken).ConfigureAwait(false);

    public override ValueTask CommitAsync(long epochId, OutputMode mode, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    protected override async ValueTask WriteEpochAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken)
    {
        _queue ??= Source.Queue<T>(256).ToMaterialized(sink, Keep.Left).Run(materializer);
        foreach (var row in rows)
        {
            var result = await _queue.OfferAsync(row).ConfigureAwait(false);
            if (!ReferenceEquals(result, QueueOfferResult.Enqueued))
            {
                throw new StreamingQueryException($"The stream sink did not take a row of epoch {epochId} ({result}): it has completed or failed.");
            }
        }
    }
}
