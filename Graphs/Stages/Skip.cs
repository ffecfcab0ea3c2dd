using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Drops the first n elements, then passes the rest.</summary>
internal sealed class Skip<T>(long count) : LinearStage<T, T>("skip")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, count);

    private sealed class Logic(Skip<T> stage, long count) : LinearLogic<T, T>(stage)
    {
        private long _left = count;

        public override void OnPush()
        {
            var element = Grab(In);
            if (_left > 0)
            {
                _left--;
                Pull(In);
            }
            else
            {
                Push(Out, element);
            }
        }
    }
}
