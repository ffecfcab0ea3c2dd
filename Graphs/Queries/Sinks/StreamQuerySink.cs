using Sluice.Graphs.Dsl;
using Sluice.Graphs.Sources;

namespace Sluice.Graphs.Queries.Sinks;

/// <summary>
/// Feeds every committed row into any stream <see cref="Sink{TIn,TMat}"/>, materialized once when the query starts
/// writing (behind a backpressured queue: a slow sink slows the commit, never loses rows).
/// </summary>
internal sealed class StreamQuerySink<T, TMat>(Sink<T, TMat> sink, Materializer materializer) : QuerySink<T>
{
    private ISourceQueueWithComplete<T>? _queue;

    public override string Description => "StreamSink[" + sink + "]";

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
