using Sluice.Graphs.Fusing;

namespace Sluice.Graphs.Stage;

/// <summary>
/// A logic with named timers driven by the materializer's <see cref="TimeProvider"/> (virtual in tests). A timer
/// fires <see cref="OnTimer"/> on the stage's thread; scheduling a key again replaces its timer; timers are cancelled
/// when the stage stops.
/// </summary>
public abstract class TimerGraphStageLogic : GraphStageLogic
{
    private readonly Dictionary<object, Timer> _timers = [];

    /// <summary>Creates the logic of a stage with <paramref name="shape"/>.</summary>
    protected TimerGraphStageLogic(Shape shape)
        : base(shape)
    {
    }

    /// <summary>Called on the stage's thread when the timer <paramref name="timerKey"/> fires.</summary>
    protected abstract void OnTimer(object timerKey);

    /// <summary>Fires <paramref name="timerKey"/> once after <paramref name="delay"/>.</summary>
    protected void ScheduleOnce(object timerKey, TimeSpan delay) => Schedule(timerKey, delay, null, false);

    /// <summary>Fires <paramref name="timerKey"/> after <paramref name="initialDelay"/>, then <paramref name="interval"/> after each firing was handled.</summary>
    protected void ScheduleWithFixedDelay(object timerKey, TimeSpan initialDelay, TimeSpan interval) =>
        Schedule(timerKey, initialDelay, interval, false);

    /// <summary>Fires <paramref name="timerKey"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/> on the clock.</summary>
    protected void ScheduleAtFixedRate(object timerKey, TimeSpan initialDelay, TimeSpan interval) =>
        Schedule(timerKey, initialDelay, interval, true);

    /// <summary>Cancels the timer <paramref name="timerKey"/> (no-op when it is not active).</summary>
    protected void CancelTimer(object timerKey)
    {
        if (_timers.Remove(timerKey, out var timer))
        {
            timer.Dispose();
        }
    }

    /// <summary>Whether the timer <paramref name="timerKey"/> is scheduled.</summary>
    protected bool IsTimerActive(object timerKey) => _timers.ContainsKey(timerKey);

    internal override void BeforePostStop()
    {
        base.BeforePostStop();
        foreach (var timer in _timers.Values)
        {
            timer.Dispose();
        }

        _timers.Clear();
    }

    private void Schedule(object key, TimeSpan delay, TimeSpan? interval, bool fixedRate)
    {
        ArgumentNullException.ThrowIfNull(key);
        CancelTimer(key);
        if (interval is { } i && i <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), i, $"Stage '{StageName}': a repeating timer needs a positive interval.");
        }

        var timer = new Timer(this, key, interval, fixedRate);
        _timers[key] = timer;
        timer.Start(TimeProvider, delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
    }

    private void Fired(Timer timer)
    {
        if (!_timers.TryGetValue(timer.Key, out var current) || !ReferenceEquals(current, timer))
        {
            return;
        }

        if (timer.Interval is null)
        {
            _timers.Remove(timer.Key);
            timer.Dispose();
        }
        else if (!timer.FixedRate)
        {
            timer.Restart(timer.Interval.Value);
        }

        OnTimer(timer.Key);
    }

    /// <summary>One scheduled timer; its firing event is reused, and at most one firing is queued at a time.</summary>
    private sealed class Timer : IslandEvent, IDisposable
    {
        private readonly TimerGraphStageLogic _owner;
        private ITimer? _timer;
        private int _queued;

        public Timer(TimerGraphStageLogic owner, object key, TimeSpan? interval, bool fixedRate)
            : base(owner)
        {
            _owner = owner;
            Key = key;
            Interval = interval;
            FixedRate = fixedRate;
        }

        public object Key { get; }

        public TimeSpan? Interval { get; }

        public bool FixedRate { get; }

        public void Start(TimeProvider clock, TimeSpan delay)
        {
            var period = FixedRate && Interval is { } i ? i : Timeout.InfiniteTimeSpan;
            _timer = clock.CreateTimer(static s => ((Timer)s!).Tick(), this, delay, period);
        }

        public void Restart(TimeSpan delay) => _timer?.Change(delay, Timeout.InfiniteTimeSpan);

        private void Tick()
        {
            if (Interlocked.Exchange(ref _queued, 1) == 0)
            {
                _owner.Interpreter.Shell.Post(this);
            }
        }

        public override void Run()
        {
            Volatile.Write(ref _queued, 0);
            _owner.Fired(this);
        }

        public void Dispose()
        {
            _timer?.Dispose();
            _timer = null;
        }
    }
}
