using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Passes elements while a predicate holds (optionally also the first failing one), then completes.</summary>
internal sealed class TakeWhile<T>(Func<T, bool> predicate, bool inclusive) : LinearStage<T, T>("take-while")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, predicate, inclusive);

    private sealed class Logic(TakeWhile<T> stage, Func<T, bool> predicate, bool inclusive) : LinearLogic<T, T>(stage)
    {
        public override void OnPush()
        {
            var element = Grab(In);
            if (predicate(element))
            {
                Push(Out, element);
                return;
            }

            if (inclusive)
            {
                Push(Out, element);
            }

            CompleteStage();
        }
    }
}
