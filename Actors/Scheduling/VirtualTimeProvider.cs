namespace Sluice.Actors.Scheduling;

/// <summary>
/// A clock that stands still until a test moves it with <see cref="Advance"/>. Timers due within the
/// advanced span fire in deadline order, on the advancing thread, each seeing <see cref="GetUtcNow"/> at
/// its own deadline. Give it to <see cref="ActorSystemSetup.TimeProvider"/> to run a system on virtual time.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly PriorityQueue<VirtualTimer, (long Due, long Seq)> _queue = new();
    private long _nowTicks;
    private long _seq;
    private readonly DateTimeOffset _epoch;

    /// <summary>Creates a clock that starts at <paramref name="start"/> (default 2000-01-01 UTC).</summary>
    public VirtualTimeProvider(DateTimeOffset? start = null) => _epoch = start ?? new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _epoch + TimeSpan.FromTicks(Volatile.Read(ref _nowTicks));

    /// <inheritdoc />
    public override long GetTimestamp() => Volatile.Read(ref _nowTicks);

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>How far the clock has moved since it was created.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Volatile.Read(ref _nowTicks));

    /// <summary>The number of timers waiting to fire.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate) return _queue.UnorderedItems.Count(i => i.Element.IsActive);
        }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), by, "Time only moves forward.");
        var target = Volatile.Read(ref _nowTicks) + by.Ticks;
        while (true)
        {
            VirtualTimer timer;
            lock (_gate)
            {
                if (!_queue.TryPeek(out timer!, out var key) || key.Due > target) break;
                _queue.Dequeue();
                if (!timer.IsActive || timer.Seq != key.Seq) continue;   // cancelled or re-armed since queued
                if (key.Due > _nowTicks) Volatile.Write(ref _nowTicks, key.Due);
                timer.Rearm(this);
            }
            timer.Fire();
        }
        lock (_gate) if (target > _nowTicks) Volatile.Write(ref _nowTicks, target);
    }

    /// <summary>Moves the clock to <paramref name="time"/> (no-op when already past it).</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        var delta = time - GetUtcNow();
        if (delta > TimeSpan.Zero) Advance(delta);
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Enqueue(VirtualTimer timer)
    {
        timer.Seq = ++_seq;
        _queue.Enqueue(timer, (timer.Due, timer.Seq));
    }

    private sealed class VirtualTimer(VirtualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private long _period = -1;
        public long Due { get; private set; } = -1;
        public long Seq { get; set; }
        public bool IsActive => Due >= 0;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    Due = -1;
                    return true;
                }
                Due = owner._nowTicks + Math.Max(0, dueTime.Ticks);
                _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? -1 : period.Ticks;
                owner.Enqueue(this);
                return true;
            }
        }

        // Called under the owner's lock when the timer is taken off the queue.
        public void Rearm(VirtualTimeProvider provider)
        {
            if (_period > 0)
            {
                Due += _period;
                provider.Enqueue(this);
            }
            else
            {
                Due = -1;
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate) Due = -1;
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
