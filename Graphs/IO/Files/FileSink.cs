using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.IO.Files;

/// <summary>
/// Writes elements to rolling part files (see <see cref="RollingFileWriter{T}"/>), one write in flight at a time.
/// Emits nothing. Backpressures while a write or a part close is in progress. Completes its task, with the final
/// paths of all parts, once upstream completed and the last part is closed. Fails its task when upstream fails
/// (the open part stays hidden, never published) or a write fails (with the path and cause).
/// </summary>
internal sealed class FileSink<T>(string directory, FileSinkSettings settings) : SinkStage<T, Task<IReadOnlyList<string>>>("file-sink")
{
    public override (GraphStageLogic Logic, Task<IReadOnlyList<string>> MaterializedValue) CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var logic = new Logic(this);
        return (logic, logic.Promise.Task);
    }

    public string Directory { get; } = directory;

    public FileSinkSettings Settings { get; } = settings;

#pragma warning disable CA1001 // The writer is closed or abandoned in PostStop, however the stage ends.
    private sealed class Logic : TimerGraphStageLogic
    {
        private static readonly object AgeTimer = new();
        private readonly FileSink<T> _stage;
        private readonly Inlet<T> _in;
        private readonly AsyncCallback<(Task Task, Action Then)> _done;
        private RollingFileWriter<T>? _writer;
        private bool _busy;
        private bool _finished;

        public Logic(FileSink<T> stage)
            : base(stage.Shape)
        {
            _stage = stage;
            _in = stage.In;
            SetHandler(_in, this);
            _done = GetAsyncCallback<(Task Task, Action Then)>(OnDone);
        }

        public TaskCompletionSource<IReadOnlyList<string>> Promise { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void PreStart()
        {
            _writer = new RollingFileWriter<T>(_stage.Directory, _stage.Settings, TimeProvider);
            if (_stage.Settings.MaxPartAge is { } age)
            {
                var check = TimeSpan.FromTicks(Math.Max(age.Ticks / 4, TimeSpan.TicksPerMillisecond));
                ScheduleWithFixedDelay(AgeTimer, check, check);
            }

            Pull(_in);
        }

        public override void OnPush() => Run(_writer!.WriteAsync(Grab(_in)).AsTask(), () => Pull(_in));

        public override void OnUpstreamFinish()
        {
            SetKeepGoing(true);
            if (!_busy)
            {
                Finish();
            }
        }

        public override void OnUpstreamFailure(Exception cause)
        {
            Promise.TrySetException(cause);
            FailStage(cause);
        }

        protected override void OnTimer(object timerKey)
        {
            if (!_busy && !_finished)
            {
                Run(_writer!.RollIfDueAsync().AsTask(), static () => { });
            }
        }

        private void Finish()
        {
            _finished = true;
            Run(_writer!.RollAsync().AsTask(), () =>
            {
                Promise.TrySetResult(_writer.CommittedParts.ToArray());
                CompleteStage();
            });
        }

        private void Run(Task task, Action then)
        {
            if (task.IsCompleted)
            {
                OnDone((task, then));
                return;
            }

            _busy = true;
            task.ContinueWith(
                static (t, s) =>
                {
                    var (callback, then) = ((AsyncCallback<(Task, Action)>, Action))s!;
                    callback.Invoke((t, then));
                },
                (_done, then),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        private void OnDone((Task Task, Action Then) done)
        {
            _busy = false;
            if (!done.Task.IsCompletedSuccessfully)
            {
                var failure = StageFailure(done.Task.Exception?.InnerException ?? new TaskCanceledException(done.Task));
                Promise.TrySetException(failure);
                FailStage(failure);
                return;
            }

            done.Then();
            if (IsClosed(_in) && !_finished && !_busy)
            {
                Finish(); // upstream finished while the last write was in flight
            }
        }

        public override void PostStop()
        {
            base.PostStop();
            Promise.TrySetException(
                Interpreter.AbortCause as AbruptTerminationException
                ?? new AbruptTerminationException($"Stage '{StageName}' stopped before the stream completed."));
            if (_writer is { } writer && !Promise.Task.IsCompletedSuccessfully)
            {
                _ = writer.AbandonAsync();
            }
        }
    }
#pragma warning restore CA1001
}
