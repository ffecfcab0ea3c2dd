using Sluice.Graphs.Stage;
using Sluice.Graphs.Supervision;

namespace Sluice.Graphs.Stages;

/// <summary>Calls an action for each element; honours supervision; the task completes with the stream.</summary>
internal sealed class ForEachSink<T>(Action<T> action) : SinkStage<T, Task<NotUsed>>("for-each")
{
    public override (GraphStageLogic Logic, Task<NotUsed> MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var logic = new Logic(this, action);
        return (logic, logic.Promise.Task);
    }

    private sealed class Logic(ForEachSink<T> stage, Action<T> action) : TaskSinkLogic<T, NotUsed>(stage)
    {
        public override void OnPush()
        {
            try
            {
                action(Grab(In));
            }
            catch (Exception e) when (Decider(e) != SupervisionDirective.Stop)
            {
            }
            catch (Exception e)
            {
                Abort(e);
                return;
            }

            Pull(In);
        }

        protected override NotUsed Result() => NotUsed.Instance;
    }
}
