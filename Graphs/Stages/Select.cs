using Sluice.Graphs.Stage;
using Sluice.Graphs.Supervision;

namespace Sluice.Graphs.Stages;

/// <summary>Transforms each element; honours supervision.</summary>
internal sealed class Select<TIn, TOut>(Func<TIn, TOut> f) : LinearStage<TIn, TOut>("select"), IFusible<TIn, TOut>
{
    private FusedOp<TIn, TOut>? _op;

    public FusedOp<TIn, TOut> Op => _op ??= new FusedOp<TIn, TOut>.Select(f, Name);

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, f);

    private sealed class Logic(Select<TIn, TOut> stage, Func<TIn, TOut> f) : LinearLogic<TIn, TOut>(stage)
    {
        public override void OnPush()
        {
            TOut result;
            try
            {
                result = f(Grab(In));
            }
            catch (Exception e)
            {
                if (Supervise(e) != SupervisionDirective.Stop)
                {
                    Pull(In);
                }

                return;
            }

            Push(Out, result);
        }
    }
}
