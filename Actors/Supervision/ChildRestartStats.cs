using Sluice.Actors.Runtime;

namespace Sluice.Actors.Supervision;

/// <summary>Restart accounting of one child, for the retry limits of a strategy.</summary>
internal sealed class ChildRestartStats(LocalActorRef child)
{
    private int _restarts;
    private long _windowStart;

    public LocalActorRef Child { get; } = child;

    /// <summary>Counts a restart and says whether it is still within <paramref name="maxRetries"/> per <paramref name="window"/>.</summary>
    public bool RequestRestartPermission(int maxRetries, TimeSpan window, TimeProvider time)
    {
        if (maxRetries < 0) return true;
        if (maxRetries == 0) return false;
        if (window == Timeout.InfiniteTimeSpan || window <= TimeSpan.Zero)
            return ++_restarts <= maxRetries;
        var now = time.GetTimestamp();
        if (_restarts == 0 || time.GetElapsedTime(_windowStart, now) > window)
        {
            _windowStart = now;
            _restarts = 1;
            return true;
        }
        return ++_restarts <= maxRetries;
    }
}
