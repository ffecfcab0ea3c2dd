using Sluice.Actors;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Dsl;

public static partial class Source
{
    /// <summary>
    /// A source fed by actors with acknowledgements (Akka's <c>Source.ActorRefWithAck</c> / <c>actorRefWithBackpressure</c>):
    /// the materialized <see cref="IActorRef"/> accepts one element of type <typeparamref name="T"/> at a time; the
    /// element is emitted when downstream demands it, and then the sender receives <paramref name="ackMessage"/>,
    /// its permission to send the next one. An element sent before the previous one was acknowledged fails the stream
    /// with <see cref="StreamStageException"/>. A completion message (default: <see cref="Status.Success"/>) completes
    /// the stream once the pending element was emitted; a failure message (default: <see cref="Status.Failure"/>, whose
    /// cause ends the stream) fails it at once. Messages of another type fail the stream.
    /// <para><b>Emits when</b> an element was received and there is demand.
    /// <b>Backpressures when</b> downstream did not pull: the ack is withheld.
    /// <b>Completes when</b> the completion message was received and the pending element emitted.
    /// <b>Cancels when</b> never (it has no upstream); downstream cancellation stops the stage.</para>
    /// </summary>
    /// <example><code>
    /// var (actor, done) = Source.ActorRef&lt;int&gt;("ack").ToMaterialized(Sink.Seq&lt;int&gt;(), Keep.Both).Run(mat);
    /// actor.Tell(1, producer); // producer receives "ack" once 1 was emitted
    /// </code></example>
    public static Source<T, IActorRef> ActorRef<T>(
        object ackMessage, Func<object, bool>? completionMatcher = null, Func<object, Exception?>? failureMatcher = null)
    {
        ArgumentNullException.ThrowIfNull(ackMessage);
        return FromGraph(new ActorRefSource<T>(
            ackMessage,
            completionMatcher ?? (static m => m is Status.Success),
            failureMatcher ?? (static m => m is Status.Failure f ? f.Cause : null)));
    }
}
