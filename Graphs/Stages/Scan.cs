using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Emits the seed, then the running accumulation; honours supervision (restart goes back to the seed).</summary>
internal sealed class Scan<TIn, TAcc>(TAcc seed, Func<TAcc, TIn, TAcc> f) : LinearStage<TIn, TAcc>("scan")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, seed, f);

    private sealed class Logic : LinearLogic<TIn, TAcc>
    {
        private SupervisedFold<TIn, TAcc> _fold;
        private bool _seedEmitted;

        public Logic(Scan<TIn, TAcc> stage, TAcc seed, Func<TAcc, TIn, TAcc> f)
            : base(stage) => _fold = new(seed, f);

        public override void OnPull()
        {
            if (_seedEmitted)
            {
                Pull(In);
                return;
            }

            _seedEmitted = true;
            Push(Out, _fold.Acc);
        }

        public override void OnUpstreamFinish()
        {
            if (_seedEmitted)
            {
                CompleteStage();
                return;
            }

            _seedEmitted = true;
            Emit(Out, _fold.Acc, CompleteStage);
        }

        public override void OnPush()
        {
            switch (_fold.Step(Grab(In), Decider, out var failure))
            {
                case FoldStep.Applied:
                    Push(Out, _fold.Acc);
                    break;
                case FoldStep.Stopped:
                    FailStage(StageFailure(failure!));
                    break;
                default:
                    Pull(In);
                    break;
            }
        }
    }
}
