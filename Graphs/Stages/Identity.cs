using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Passes elements through unchanged (the body of <c>Flow.Create&lt;T&gt;()</c> when it runs on its own).</summary>
internal sealed class Identity<T> : LinearStage<T, T>
{
    public Identity()
        : base("identity")
    {
    }

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic(Identity<T> stage) : LinearLogic<T, T>(stage)
    {
        public override void OnPush() => Push(Out, Grab(In));
    }
}
