using Sluice.Graphs.Stage;
using Sluice.Graphs.Supervision;

namespace Sluice.Graphs.Stages;

/// <summary>Passes the elements that satisfy a predicate; honours supervision.</summary>
internal sealed class Where<T>(Func<T, bool> predicate) : LinearStage<T, T>("where"), IFusible<T, T>
{
    private FusedOp<T, T>? _op;

    public FusedOp<T, T> Op => _op ??= new WhereOp<T>(predicate, Name);

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, predicate);

    private sealed class Logic(Where<T> stage, Func<T, bool> predicate) : LinearLogic<T, T>(stage)
    {
        public override void OnPush()
        {
            var element = Grab(In);
            bool pass;
            try
            {
                pass = predicate(element);
            }
            catch (Exception e)
            {
                if (Supervise(e) != SupervisionDirective.Stop)
                {
                    Pull(In);
                }

                return;
            }

            if (pass)
            {
                Push(Out, element);
            }
            else
            {
                Pull(In);
            }
        }
    }
}
