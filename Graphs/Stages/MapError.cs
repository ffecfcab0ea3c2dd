using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Replaces the exception of an upstream failure.</summary>
internal sealed class MapError<T>(Func<Exception, Exception> map) : LinearStage<T, T>("map-error")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, map);

    private sealed class Logic(MapError<T> stage, Func<Exception, Exception> map) : LinearLogic<T, T>(stage)
    {
        public override void OnPush() => Push(Out, Grab(In));

        public override void OnUpstreamFailure(Exception cause) => FailStage(map(cause));
    }
}
