using Sluice.Graphs.Stage;
using Sluice.Graphs.Supervision;

namespace Sluice.Graphs.Stages;

/// <summary>Runs an async action per element with up to n in flight; the task completes when all finished.</summary>
internal sealed class ForEachAsyncSink<T>(int parallelism, Func<T, Task> action) : SinkStage<T, Task<NotUsed>>("for-each-async")
{    public Func<T, Task> Action { get; } = action;

    public int Parallelism { get; } = parallelism;


    public override (GraphStageLogic Logic, Task<NotUsed> MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var logic = new Logic(this);
        return (logic, logic.Promise.Task);
    }

    private sealed class Logic : TaskSinkLogic<T, NotUsed>
    {
        private readonly ForEachAsyncSink<T> _stage;
        private readonly AsyncCallback<Task> _done;
        private int _running;

        public Logic(ForEachAsyncSink<T> stage)
            : base(stage)
        {
            _stage = stage;
            _done = GetAsyncCallback<Task>(OnDone);
        }

        public override void OnPush()
        {
            Task task;
            try
            {
                task = _stage.Action(Grab(In));
            }
            catch (Exception e)
            {
                if (Decider(e) == SupervisionDirective.Stop)
                {
                    Abort(e);
                    return;
                }

                PullIfRoom();
                return;
            }

            _running++;
            if (task.IsCompleted)
            {
                OnDone(task);
                return;
            }

            task.ContinueWith(
                static (t, s) => ((AsyncCallback<Task>)s!).Invoke(t),
                _done,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            PullIfRoom();
        }

        private void OnDone(Task task)
        {
            _running--;
            if (!task.IsCompletedSuccessfully)
            {
                var error = task.Exception?.InnerException ?? new TaskCanceledException(task);
                if (Decider(error) == SupervisionDirective.Stop)
                {
                    Abort(error);
                    return;
                }
            }

            if (IsClosed(In))
            {
                if (_running == 0)
                {
                    Finish(NotUsed.Instance);
                }

                return;
            }

            PullIfRoom();
        }

        private void PullIfRoom()
        {
            if (_running < _stage.Parallelism && !HasBeenPulled(In) && !IsClosed(In))
            {
                Pull(In);
            }
        }

        public override void OnUpstreamFinish()
        {
            if (_running == 0)
            {
                Finish(NotUsed.Instance);
            }
            else
            {
                SetKeepGoing(true);
            }
        }

        protected override NotUsed Result() => NotUsed.Instance;
    }
}
