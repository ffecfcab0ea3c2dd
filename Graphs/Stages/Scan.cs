using Sluice.Graphs.Stage;
using Sluice.Graphs.Supervision;

namespace Sluice.Graphs.Stages;

/// <summary>Emits the seed, then the running accumulation; honours supervision (restart goes back to the seed).</summary>
internal sealed class Scan<TIn, TAcc>(TAcc seed, Func<TAcc, TIn, TAcc> f) : LinearStage<TIn, TAcc>("scan")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, seed, f);

    private sealed class Logic : LinearLogic<TIn, TAcc>
    {
        private readonly TAcc _seed;
        private readonly Func<TAcc, TIn, TAcc> _f;
        private TAcc _acc;
        private bool _seedEmitted;

        public Logic(Scan<TIn, TAcc> stage, TAcc seed, Func<TAcc, TIn, TAcc> f)
            : base(stage)
        {
            _seed = seed;
            _acc = seed;
            _f = f;
        }

        public override void OnPull()
        {
            if (_seedEmitted)
            {
                Pull(In);
                return;
            }

            _seedEmitted = true;
            Push(Out, _acc);
        }

        public override void OnUpstreamFinish()
        {
            if (_seedEmitted)
            {
                CompleteStage();
                return;
            }

            _seedEmitted = true;
            Emit(Out, _acc, CompleteStage);
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

                Pull(In);
                return;
            }

            Push(Out, _acc);
        }
    }
}
