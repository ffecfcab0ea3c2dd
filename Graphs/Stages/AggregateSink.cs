using Sluice.Graphs.Stage;

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
        private SupervisedFold<TIn, TAcc> _fold;

        public Logic(AggregateSink<TIn, TAcc> stage, TAcc seed, Func<TAcc, TIn, TAcc> aggregate)
            : base(stage) => _fold = new(seed, aggregate);

        public override void OnPush()
        {
            if (_fold.Step(Grab(In), Decider, out var failure) == FoldStep.Stopped)
            {
                Abort(failure!);
                return;
            }

            Pull(In);
        }

        protected override TAcc Result() => _fold.Acc;
    }
}
