using Sluice.Graphs.Dsl;
using Sluice.Graphs.Stage;
using Sluice.Graphs.Supervision;

namespace Sluice.Graphs.Stages;

/// <summary>Emits the results of a partial function, skipping elements it does not match; honours supervision.</summary>
internal sealed class Collect<TIn, TOut>(Collector<TIn, TOut> collector) : LinearStage<TIn, TOut>("collect")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, collector);

    private sealed class Logic(Collect<TIn, TOut> stage, Collector<TIn, TOut> collector) : LinearLogic<TIn, TOut>(stage)
    {
        public override void OnPush()
        {
            bool matched;
            TOut result;
            try
            {
                matched = collector(Grab(In), out result);
            }
            catch (Exception e)
            {
                if (Supervise(e) != SupervisionDirective.Stop)
                {
                    Pull(In);
                }

                return;
            }

            if (matched)
            {
                Push(Out, result);
            }
            else
            {
                Pull(In);
            }
        }
    }
}
