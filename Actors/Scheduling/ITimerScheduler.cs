namespace Sluice.Actors.Scheduling;

/// <summary>
/// Keyed timers of one actor. Starting a timer with a key that is active replaces it; a message of a
/// cancelled or replaced timer that is already queued is discarded. All timers are cancelled when the
/// actor restarts or stops.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Sends <paramref name="message"/> to the actor itself once, after <paramref name="delay"/>.</summary>
    void StartSingleTimer(object key, object message, TimeSpan delay);

    /// <summary>Sends <paramref name="message"/> every <paramref name="interval"/>, the first after one interval.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    /// <summary>Sends <paramref name="message"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    /// <summary>True while the timer is scheduled (a single timer stops being active once its message is received).</summary>
    bool IsTimerActive(object key);

    /// <summary>Cancels a timer.</summary>
    void Cancel(object key);

    /// <summary>Cancels every timer.</summary>
    void CancelAll();
}
