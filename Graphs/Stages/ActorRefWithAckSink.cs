using Sluice.Actors;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>
/// Sends the stream to an actor with an acknowledgement protocol (Akka's <c>Sink.ActorRefWithAck</c>): first the
/// init message, then each element, each only after the target answered the previous message with the ack message, so
/// the target never holds more than one unacknowledged message. Upstream completion sends the completion message,
/// upstream failure the failure message; the death of the target fails the stream. Messages go with the stage's own
/// reference as sender, which is where the target replies. The completion message waits for the last element's ack.
/// </summary>
internal sealed class ActorRefWithAckSink<T>(
    IActorRef target, object onInit, object ack, object onComplete, Func<Exception, object> onFailure)
    : SinkStage<T, Task>("actorRefWithAckSink")
{
    public IActorRef Target { get; } = target;

    public object OnInit { get; } = onInit;

    public object Ack { get; } = ack;

    public object OnComplete { get; } = onComplete;

    public Func<Exception, object> OnFailure { get; } = onFailure;

    public override (GraphStageLogic Logic, Task MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var logic = new Logic(this);
        return (logic, logic.Promise.Task);
    }

    private sealed class Logic : TaskSinkLogic<T, NotUsed>
    {
        private readonly ActorRefWithAckSink<T> _stage;
        private readonly StageActorRef _self;
        private bool _awaitingAck;

        public Logic(ActorRefWithAckSink<T> stage)
            : base(stage.Shape, stage.In)
        {
            _stage = stage;
            _self = new StageActorRef(this, Receive);
        }

        public override void PreStart()
        {
            _self.Watch(_stage.Target);
            _awaitingAck = true;
            _stage.Target.Tell(_stage.OnInit, _self);
        }

        private void Receive(object message, IActorRef? sender)
        {
            if (message is Terminated t && ReferenceEquals(t.ActorRef, _stage.Target))
            {
                var error = new InvalidOperationException(
                    $"Stage '{StageName}': the target actor {_stage.Target.Path} stopped while the stream was running.");
                Promise.TrySetException(error);
                FailStage(error);
                return;
            }

            if (!Equals(message, _stage.Ack) || !_awaitingAck)
            {
                // Akka ignores what is not the expected ack; a duplicate ack must not allow two elements in flight.
                return;
            }

            _awaitingAck = false;
            if (IsClosed(In))
            {
                Finish();
            }
            else
            {
                Pull(In);
            }
        }

        public override void OnPush()
        {
            _awaitingAck = true;
            _stage.Target.Tell(Grab(In)!, _self);
        }

        public override void OnUpstreamFinish()
        {
            if (_awaitingAck)
            {
                // The completion message goes after the last ack, so the target saw every element through.
                SetKeepGoing(true);
                return;
            }

            Finish();
        }

        public override void OnUpstreamFailure(Exception cause)
        {
            _stage.Target.Tell(_stage.OnFailure(cause), _self);
            base.OnUpstreamFailure(cause);
        }

        private void Finish()
        {
            _stage.Target.Tell(_stage.OnComplete, _self);
            Promise.TrySetResult(NotUsed.Instance);
            CompleteStage();
        }

        public override void PostStop()
        {
            _self.UnwatchAll();
            base.PostStop();
        }

        protected override NotUsed Result() => NotUsed.Instance;
    }
}
