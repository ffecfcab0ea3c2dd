using Sluice.Graphs.Stage;
using Sluice.Graphs.Supervision;

namespace Sluice.Graphs.Stages;

/// <summary>Folds all elements and emits the result when upstream completes; honours supervision.</summary>
internal sealed class Aggregate<TIn, TAcc>(TAcc seed, Func<TAcc, TIn, TAcc> f) : LinearStage<TIn, TAcc>("aggregate")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, seed, f);

    private sealed class Logic : LinearLogic<TIn, TAcc>
    {
        private readonly TAcc _seed;
        private readonly Func<TAcc, TIn, TAcc> _f;
        private TAcc _acc;

        public Logic(Aggregate<TIn, TAcc> stage, TAcc seed, Func<TAcc, TIn, TAcc> f)
            : base(stage)
        {
            _seed = seed;
            _acc = seed;
            _f = f;
        }

        public override void OnPush()
        {
            try
            {
                _acc = _f(_acc, Grab(In));
            }
            catch (Exception e)
            {
                switch (Supervise(e))
                {
                    case SupervisionDirective.Stop:
                        return;
                    case SupervisionDirective.Restart:
                        _acc = _seed;
                        break;
                }
            }

            Pull(In);
        }

        public override void OnUpstreamFinish() => Emit(Out, _acc, CompleteStage);
    }
}
