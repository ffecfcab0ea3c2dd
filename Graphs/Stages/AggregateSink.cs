using Sluice.Graphs.Stage;
using Sluice.Graphs.Supervision;

namespace Sluice.Graphs.Stages;

/// <summary>Folds all elements into one value; the task completes with it. Honours supervision (restart resets to the seed).</summary>
internal sealed class AggregateSink<TIn, TAcc>(TAcc seed, Func<TAcc, TIn, TAcc> aggregate, string name = "aggregate-sink")
    : SinkStage<TIn, Task<TAcc>>(name)
{
    public override (GraphStageLogic Logic, Task<TAcc> MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var logic = new Logic(this, seed, aggregate);
        return (logic, logic.Promise.Task);
    }

    private sealed class Logic : TaskSinkLogic<TIn, TAcc>
    {
        private readonly TAcc _seed;
        private readonly Func<TAcc, TIn, TAcc> _aggregate;
        private TAcc _acc;

        public Logic(AggregateSink<TIn, TAcc> stage, TAcc seed, Func<TAcc, TIn, TAcc> aggregate)
            : base(stage)
        {
            _seed = seed;
            _acc = seed;
            _aggregate = aggregate;
        }

        public override void OnPush()
        {
            try
            {
                _acc = _aggregate(_acc, Grab(In));
            }
            catch (Exception e)
            {
                switch (Decider(e))
                {
                    case SupervisionDirective.Stop:
                        Abort(e);
                        return;
                    case SupervisionDirective.Restart:
                        _acc = _seed;
                        break;
                }
            }

            Pull(In);
        }

        protected override TAcc Result() => _acc;
    }
}
