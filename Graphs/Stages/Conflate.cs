using Sluice.Graphs.Stage;
using Sluice.Graphs.Supervision;

namespace Sluice.Graphs.Stages;

/// <summary>
/// Summarizes elements while downstream is slower (conflate: never backpressures), or up to a maximum count
/// (batch: backpressures when the batch is full). Honours supervision (restart drops the summary).
/// </summary>
internal sealed class Conflate<TIn, TOut>(Func<TIn, TOut> seed, Func<TOut, TIn, TOut> aggregate, long max, string name)
    : LinearStage<TIn, TOut>(name)
{    public Func<TOut, TIn, TOut> Aggregate { get; } = aggregate;

    public long Max { get; } = max;

    public Func<TIn, TOut> Seed { get; } = seed;


    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic(Conflate<TIn, TOut> stage) : LinearLogic<TIn, TOut>(stage)
    {
        private TOut _agg = default!;
        private bool _has;
        private long _count;

        public override void PreStart() => Pull(In);

        public override void OnPush()
        {
            var element = Grab(In);
            try
            {
                _agg = _has ? stage.Aggregate(_agg, element) : stage.Seed(element);
                _has = true;
                _count++;
            }
            catch (Exception e)
            {
                switch (Supervise(e))
                {
                    case SupervisionDirective.Stop:
                        return;
                    case SupervisionDirective.Restart:
                        _has = false;
                        _agg = default!;
                        _count = 0;
                        break;
                }
            }

            if (IsAvailable(Out) && _has)
            {
                Flush();
            }

            if (_count < stage.Max)
            {
                Pull(In);
            }
        }

        public override void OnPull()
        {
            if (_has)
            {
                var wasFull = _count >= stage.Max;
                Flush();
                if (IsClosed(In))
                {
                    CompleteStage();
                }
                else if (wasFull && !HasBeenPulled(In))
                {
                    Pull(In);
                }
            }
            else if (IsClosed(In))
            {
                CompleteStage();
            }
        }

        private void Flush()
        {
            var agg = _agg;
            _agg = default!;
            _has = false;
            _count = 0;
            Push(Out, agg);
        }

        public override void OnUpstreamFinish()
        {
            if (!_has)
            {
                CompleteStage();
            }
        }
    }
}
