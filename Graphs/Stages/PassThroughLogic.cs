using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>A timer logic for the linear stages that pass elements through unchanged and only watch time.</summary>
internal abstract class PassThroughTimerLogic<T> : TimerGraphStageLogic
{
    protected readonly Inlet<T> In;
    protected readonly Outlet<T> Out;

    protected PassThroughTimerLogic(LinearStage<T, T> stage)
        : base(stage.Shape)
    {
        In = stage.In;
        Out = stage.Out;
        SetHandler(In, this);
        SetHandler(Out, this);
    }

    public override void OnPush() => Push(Out, Grab(In));

    public override void OnPull() => Pull(In);

    protected long NowTicks => TimeProvider.GetUtcNow().UtcTicks;

    protected void FailWithTimeout(string message) =>
        FailStage(new StreamStageException(StageName, new TimeoutException(message)));
}
