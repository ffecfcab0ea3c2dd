using Sluice.Actors.Runtime;

namespace Sluice.Actors.Scheduling;

/// <summary>A timer's message on its way to the actor; dropped unless its generation is still current.</summary>
internal sealed record TimerMessage(object Key, long Generation, object Message) : Runtime.IAutoReceivedMessage;

/// <summary>The keyed timers of one actor cell; used only from the actor's own thread.</summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, (long Generation, ICancelable Task, bool Repeating)> _timers = [];
    private long _generation;

    public void StartSingleTimer(object key, object message, TimeSpan delay) => Start(key, message, delay, null);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) => Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) => Start(key, message, initialDelay, interval);

    private void Start(object key, object message, TimeSpan delay, TimeSpan? interval)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var generation = ++_generation;
        var envelope = new TimerMessage(key, generation, message);
        var scheduler = cell.System.Scheduler;
        var task = interval is { } every
            ? scheduler.ScheduleTellRepeatedly(delay, every, cell.SelfRef, envelope, null)
            : scheduler.ScheduleTellOnce(delay, cell.SelfRef, envelope, null);
        _timers[key] = (generation, task, interval is not null);
    }

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var t)) t.Task.Cancel();
    }

    public void CancelAll()
    {
        foreach (var t in _timers.Values) t.Task.Cancel();
        _timers.Clear();
    }

    /// <summary>True when the message belongs to a live timer; a single timer ends here.</summary>
    public bool Accept(TimerMessage message)
    {
        if (!_timers.TryGetValue(message.Key, out var t) || t.Generation != message.Generation) return false;
        if (!t.Repeating) _timers.Remove(message.Key);
        return true;
    }
}
