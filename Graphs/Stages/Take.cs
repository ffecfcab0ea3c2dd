using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Passes the first n elements, then completes and cancels upstream.</summary>
internal sealed class Take<T>(long count) : LinearStage<T, T>("take")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, count);

    private sealed class Logic(Take<T> stage, long count) : LinearLogic<T, T>(stage)
    {
        private long _left = count;

        public override void PreStart()
        {
            if (_left <= 0)
            {
                CompleteStage();
            }
        }

        public override void OnPush()
        {
            _left--;
            Push(Out, Grab(In));
            if (_left == 0)
            {
                CompleteStage();
            }
        }
    }
}
