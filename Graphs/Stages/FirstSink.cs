using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Completes with the first element and cancels upstream; on an empty stream fails or yields the default.</summary>
internal sealed class FirstSink<T>(bool orDefault) : SinkStage<T, Task<T>>(orDefault ? "first-or-default" : "first")
{
    public override (GraphStageLogic Logic, Task<T> MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var logic = new Logic(this, orDefault);
        return (logic, logic.Promise.Task);
    }

    private sealed class Logic(FirstSink<T> stage, bool orDefault) : TaskSinkLogic<T, T>(stage)
    {
        public override void OnPush() => Finish(Grab(In));

        public override void OnUpstreamFinish()
        {
            if (orDefault)
            {
                base.OnUpstreamFinish();
                return;
            }

            var error = new InvalidOperationException($"Stage '{StageName}': the stream completed without any element (use FirstOrDefault to allow that).");
            Promise.TrySetException(error);
            CompleteStage();
        }

        protected override T Result() => default!;
    }
}
