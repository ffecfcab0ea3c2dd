using Sluice.Actors;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Dsl;

public static partial class Sink
{
    /// <summary>
    /// Sends the stream to <paramref name="target"/> with backpressure by acknowledgement (Akka's
    /// <c>Sink.ActorRefWithAck</c>): first <paramref name="onInitMessage"/>, then each element, each only after the
    /// target replied <paramref name="ackMessage"/> to the previous message, so it never holds more than one
    /// unacknowledged message. When upstream completes (and the last element was acknowledged) the target receives
    /// <paramref name="onCompleteMessage"/>; when upstream fails it receives <paramref name="onFailureMessage"/> of the
    /// error (default: <see cref="Status.Failure"/>). Messages go with the stage's own reference as sender, so the
    /// target replies to <c>Sender</c>. The task completes with the stream; it fails if the target stops first.
    /// <para><b>Backpressures when</b> the target has not acknowledged the last message.
    /// <b>Cancels when</b> the target stops (the task fails with <see cref="InvalidOperationException"/>).</para>
    /// </summary>
    public static Sink<T, Task> ActorRefWithAck<T>(
        IActorRef target, object onInitMessage, object ackMessage, object onCompleteMessage, Func<Exception, object>? onFailureMessage = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(onInitMessage);
        ArgumentNullException.ThrowIfNull(ackMessage);
        ArgumentNullException.ThrowIfNull(onCompleteMessage);
        return FromGraph(new ActorRefWithAckSink<T>(
            target, onInitMessage, ackMessage, onCompleteMessage, onFailureMessage ?? (static e => new Status.Failure(e))));
    }
}
