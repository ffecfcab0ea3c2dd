using Sluice.Actors;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>
/// A source fed by telling elements to its materialized actor reference, one at a time (Akka's
/// <c>Source.actorRefWithBackpressure</c>): an element is pushed once downstream pulled, and then its sender receives
/// the ack message, which is the permission to send the next one. An element arriving while the previous one waits
/// for demand fails the stream (the sender did not wait for the ack). A completion message completes the stream after
/// the pending element was emitted; a failure message fails it at once.
/// </summary>
internal sealed class ActorRefSource<T>(object ack, Func<object, bool> isCompletion, Func<object, Exception?> failure)
    : SourceStage<T, IActorRef>("actorRefSource")
{
    public object Ack { get; } = ack;

    public Func<object, bool> IsCompletion { get; } = isCompletion;

    public Func<object, Exception?> Failure { get; } = failure;

    public override (GraphStageLogic Logic, IActorRef MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var logic = new Logic(this);
        return (logic, logic.Self);
    }

    private sealed class Logic : GraphStageLogic
    {
        private readonly ActorRefSource<T> _stage;
        private T _pending = default!;
        private bool _hasPending;
        private IActorRef? _ackTo;
        private bool _completing;

        public Logic(ActorRefSource<T> stage)
            : base(stage.Shape)
        {
            _stage = stage;
            Self = new StageActorRef(this, Receive);
            SetHandler(stage.Out, this);
        }

        public StageActorRef Self { get; }

        private void Receive(object message, IActorRef? sender)
        {
            if (_stage.Failure(message) is { } cause)
            {
                FailStage(cause);
                return;
            }

            if (_stage.IsCompletion(message))
            {
                _completing = true;
                TryPush();
                return;
            }

            if (message is not T element)
            {
                throw new InvalidOperationException(
                    $"Stage '{StageName}' received a {message.GetType().Name} from {sender?.Path.ToString() ?? "no sender"}: it accepts only elements of type {typeof(T).Name}, the completion message and the failure message.");
            }

            if (_hasPending || _completing)
            {
                throw new InvalidOperationException(
                    $"Stage '{StageName}' received an element from {sender?.Path.ToString() ?? "no sender"} before it acknowledged the previous one"
                    + (_completing ? " (after the completion message)" : string.Empty)
                    + ": send the next element only after receiving the ack message.");
            }

            _pending = element;
            _hasPending = true;
            _ackTo = sender;
            TryPush();
        }

        public override void OnPull() => TryPush();

        private void TryPush()
        {
            if (_hasPending && IsAvailable(_stage.Out))
            {
                var element = _pending;
                _pending = default!;
                _hasPending = false;
                Push(_stage.Out, element);
                _ackTo?.Tell(_stage.Ack, Self);
                _ackTo = null;
            }

            if (_completing && !_hasPending)
            {
                CompleteStage();
            }
        }
    }
}
