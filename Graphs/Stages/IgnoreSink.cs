using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Consumes and drops every element; the task completes with the stream.</summary>
internal sealed class IgnoreSink<T>() : SinkStage<T, Task<NotUsed>>("ignore")
{
    public override (GraphStageLogic Logic, Task<NotUsed> MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var logic = new Logic(this);
        return (logic, logic.Promise.Task);
    }

    private sealed class Logic(IgnoreSink<T> stage) : TaskSinkLogic<T, NotUsed>(stage)
    {
        public override void OnPush()
        {
            Grab(In);
            Pull(In);
        }

        protected override NotUsed Result() => NotUsed.Instance;
    }
}
