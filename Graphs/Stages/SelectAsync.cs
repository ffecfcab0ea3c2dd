using Sluice.Graphs.Stage;
using Sluice.Graphs.Supervision;

namespace Sluice.Graphs.Stages;

/// <summary>
/// Runs up to <c>parallelism</c> tasks at once; emits results in input order (ordered) or as tasks finish
/// (unordered). Honours supervision: a failed task is dropped on Resume/Restart.
/// </summary>
internal sealed class SelectAsync<TIn, TOut>(int parallelism, Func<TIn, Task<TOut>> f, bool ordered)
    : LinearStage<TIn, TOut>(ordered ? "select-async" : "select-async-unordered")
{    public Func<TIn, Task<TOut>> F { get; } = f;

    public bool Ordered { get; } = ordered;

    public int Parallelism { get; } = parallelism;


    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Holder
    {
        public Task<TOut>? Task;
        public bool Done;
    }

    private sealed class Logic : LinearLogic<TIn, TOut>
    {
        private readonly SelectAsync<TIn, TOut> _stage;
        private readonly RingBuffer<Holder> _inFlight;
        private readonly AsyncCallback<Holder> _completed;
        private int _running;

        public Logic(SelectAsync<TIn, TOut> stage)
            : base(stage)
        {
            _stage = stage;
            _inFlight = new RingBuffer<Holder>(stage.Parallelism);
            _completed = GetAsyncCallback<Holder>(OnCompleted);
        }

        public override void OnPush()
        {
            Task<TOut> task;
            try
            {
                task = _stage.F(Grab(In)) ?? throw new InvalidOperationException("The function returned a null task.");
            }
            catch (Exception e)
            {
                if (Supervise(e) != SupervisionDirective.Stop)
                {
                    PullIfRoom();
                }

                return;
            }

            var holder = new Holder { Task = task };
            _running++;
            if (_stage.Ordered)
            {
                _inFlight.Enqueue(holder);
            }

            if (task.IsCompleted)
            {
                OnCompleted(holder);
            }
            else
            {
                task.ContinueWith(
                    static (_, s) => { var (cb, h) = ((AsyncCallback<Holder>, Holder))s!; cb.Invoke(h); },
                    (_completed, holder),
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
                PullIfRoom();
            }
        }

        private void OnCompleted(Holder holder)
        {
            holder.Done = true;
            if (_stage.Ordered)
            {
                Drain();
                return;
            }

            _running--;
            if (!TryResult(holder, out var value))
            {
                if (IsClosed(Out))
                {
                    return;
                }

                FinishOrPull();
                return;
            }

            _done.Enqueue(value);
            Drain();
        }

        private readonly Queue<TOut> _done = new();

        private bool TryResult(Holder holder, out TOut value)
        {
            var task = holder.Task!;
            if (task.IsCompletedSuccessfully && task.Result is not null)
            {
                value = task.Result;
                return true;
            }

            value = default!;
            var error = task.Exception?.InnerException
                ?? (task.IsCanceled ? new TaskCanceledException(task) : new InvalidOperationException("The task returned null."));
            Supervise(error);
            return false;
        }

        private void Drain()
        {
            if (_stage.Ordered)
            {
                while (!_inFlight.IsEmpty && _inFlight.Peek().Done && IsAvailable(Out))
                {
                    var holder = _inFlight.Dequeue();
                    _running--;
                    if (TryResult(holder, out var value))
                    {
                        Push(Out, value);
                    }
                    else if (IsClosed(Out))
                    {
                        return;
                    }
                }
            }
            else if (_done.Count > 0 && IsAvailable(Out))
            {
                Push(Out, _done.Dequeue());
            }

            FinishOrPull();
        }

        private void FinishOrPull()
        {
            if (IsClosed(In))
            {
                if (_running == 0 && _done.Count == 0)
                {
                    CompleteStage();
                }

                return;
            }

            PullIfRoom();
        }

        private void PullIfRoom()
        {
            if (_running + _done.Count < _stage.Parallelism && !HasBeenPulled(In) && !IsClosed(In))
            {
                Pull(In);
            }
        }

        public override void OnPull() => Drain();

        public override void OnUpstreamFinish()
        {
            if (_running == 0 && _done.Count == 0)
            {
                CompleteStage();
            }
        }
    }
}
