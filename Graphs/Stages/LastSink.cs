using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Completes with the last element; fails on an empty stream (or yields the default).</summary>
internal sealed class LastSink<T>(bool orDefault) : SinkStage<T, Task<T>>(orDefault ? "last-or-default" : "last")
{
    public override (GraphStageLogic Logic, Task<T> MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var logic = new Logic(this, orDefault);
        return (logic, logic.Promise.Task);
    }

    private sealed class Logic(LastSink<T> stage, bool orDefault) : TaskSinkLogic<T, T>(stage)
    {
        private T _last = default!;
        private bool _any;

        public override void OnPush()
        {
            _last = Grab(In);
            _any = true;
            Pull(In);
        }

        public override void OnUpstreamFinish()
        {
            if (_any || orDefault)
            {
                base.OnUpstreamFinish();
                return;
            }

            Promise.TrySetException(new InvalidOperationException($"Stage '{StageName}': the stream completed without any element (use LastOrDefault to allow that)."));
            CompleteStage();
        }

        protected override T Result() => _last;
    }
}
