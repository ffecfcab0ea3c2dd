using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Folds all elements and emits the result when upstream completes; honours supervision.</summary>
internal sealed class Aggregate<TIn, TAcc>(TAcc seed, Func<TAcc, TIn, TAcc> f) : LinearStage<TIn, TAcc>("aggregate")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, seed, f);

    private sealed class Logic : LinearLogic<TIn, TAcc>
    {
        private SupervisedFold<TIn, TAcc> _fold;

        public Logic(Aggregate<TIn, TAcc> stage, TAcc seed, Func<TAcc, TIn, TAcc> f)
            : base(stage) => _fold = new(seed, f);

        public override void OnPush()
        {
            if (_fold.Step(Grab(In), Decider, out var failure) == FoldStep.Stopped)
            {
                FailStage(StageFailure(failure!));
                return;
            }

            Pull(In);
        }

        public override void OnUpstreamFinish() => Emit(Out, _fold.Acc, CompleteStage);
    }
}
