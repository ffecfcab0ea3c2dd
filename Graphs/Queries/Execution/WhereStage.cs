using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Queries.Execution;

/// <summary>
/// Where: forwards the rows that satisfy the predicate, and every marker.
/// Emits when: a row passes or a marker arrives. Backpressures when: downstream does. Completes when: upstream
/// completes. Cancels when: downstream cancels. A throwing predicate fails the query.
/// </summary>
internal sealed class WhereStage<T>(Func<T, bool> predicate) : LinearStage<Element<T>, Element<T>>("query-where")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, predicate);

    private sealed class Logic(WhereStage<T> stage, Func<T, bool> predicate) : LinearLogic<Element<T>, Element<T>>(stage)
    {
        public override void OnPush()
        {
            var element = Grab(In);
            bool keep;
            try
            {
                keep = !element.IsRow || predicate(element.Value);
            }
            catch (Exception e)
            {
                FailStage(StageFailure(e));
                return;
            }

            if (keep)
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
