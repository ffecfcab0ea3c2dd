using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>Passes elements through; its task completes when the stream passing it ends (fails if it failed).</summary>
internal sealed class WatchTermination<T>() : GraphStageWithMaterializedValue<FlowShape<T, T>, Task>
{
    private readonly Inlet<T> _in = new("watch-termination.in");
    private readonly Outlet<T> _out = new("watch-termination.out");

    public override FlowShape<T, T> Shape => new(_in, _out);

    protected override Attributes InitialAttributes => Attributes.Create(new Attributes.Name("watch-termination"));

    public override (GraphStageLogic Logic, Task MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var logic = new Logic(this);
        return (logic, logic.Done.Task);
    }

    private sealed class Logic : GraphStageLogic
    {
        private readonly Inlet<T> _in;
        private readonly Outlet<T> _out;

        public Logic(WatchTermination<T> stage)
            : base(stage.Shape)
        {
            _in = stage._in;
            _out = stage._out;
            SetHandlers(_in, _out, this);
        }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void OnPush() => Push(_out, Grab(_in));

        public override void OnPull() => Pull(_in);

        public override void OnUpstreamFinish()
        {
            Done.TrySetResult();
            CompleteStage();
        }

        public override void OnUpstreamFailure(Exception cause)
        {
            Done.TrySetException(cause);
            FailStage(cause);
        }

        public override void OnDownstreamFinish(Exception? cause)
        {
            if (cause is null)
            {
                Done.TrySetResult();
            }
            else
            {
                Done.TrySetException(cause);
            }

            CancelStage(cause);
        }

        public override void PostStop() =>
            Done.TrySetException(new AbruptTerminationException($"Stage '{StageName}' stopped before the stream ended."));
    }
}
