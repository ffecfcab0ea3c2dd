using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>On an upstream failure the predicate accepts, emits one last element and completes.</summary>
internal sealed class Recover<T>(Func<Exception, T> recovery, Func<Exception, bool>? when) : LinearStage<T, T>("recover")
{
    public Func<Exception, T> Recovery { get; } = recovery;
    public Func<Exception, bool>? When { get; } = when;

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic(Recover<T> stage) : LinearLogic<T, T>(stage)
    {
        public override void OnPush() => Push(Out, Grab(In));

        public override void OnUpstreamFailure(Exception cause)
        {
            if (stage.When is { } when && !when(cause))
            {
                FailStage(cause);
                return;
            }

            Emit(Out, stage.Recovery(cause), CompleteStage);
        }
    }
}
