namespace Sluice.Actors.Scheduling;

/// <summary>The scheduler of an actor system: timers of its <see cref="TimeProvider"/>.</summary>
internal sealed class Scheduler(TimeProvider time) : IScheduler, IDisposable
{
    private readonly CancellationTokenSource _shutdown = new();

    public DateTimeOffset Now => time.GetUtcNow();

    public ICancelable ScheduleOnce(TimeSpan delay, Action action) => Schedule(delay, Timeout.InfiniteTimeSpan, action);

    public ICancelable ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval of a repeated schedule must be positive.");
        return Schedule(initialDelay, interval, action);
    }

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        return ScheduleOnce(delay, () => receiver.Tell(message, sender));
    }

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        return ScheduleRepeatedly(initialDelay, interval, () => receiver.Tell(message, sender));
    }

    private TimerTask Schedule(TimeSpan delay, TimeSpan period, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        var task = new TimerTask(action, period == Timeout.InfiniteTimeSpan, _shutdown.Token);
        task.Start(time, delay, period);
        return task;
    }

    public void Dispose()
    {
        _shutdown.Cancel();
        _shutdown.Dispose();
    }

    private sealed class TimerTask(Action action, bool once, CancellationToken shutdown) : ICancelable
    {
        private ITimer? _timer;
        private int _cancelled;

        public bool IsCancellationRequested => Volatile.Read(ref _cancelled) != 0;

        public void Start(TimeProvider time, TimeSpan delay, TimeSpan period)
        {
            var timer = time.CreateTimer(static s => ((TimerTask)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer = timer;
            timer.Change(delay, period);
        }

        private void Fire()
        {
            if (IsCancellationRequested || shutdown.IsCancellationRequested)
            {
                Cancel();
                return;
            }
            if (once) Cancel();
            action();
        }

        public void Cancel()
        {
            if (Interlocked.Exchange(ref _cancelled, 1) == 0) _timer?.Dispose();
        }
    }
}
