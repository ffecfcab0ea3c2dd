using Sluice.Actors.Scheduling;

namespace Sluice.Actors.Runtime;

/// <summary>Fires a receive timeout; stale ticks (older generation) are ignored.</summary>
internal sealed record ReceiveTimeoutTick(long Generation) : INotInfluenceReceiveTimeout, IAutoReceivedMessage;

internal sealed partial class ActorCell
{
    private TimeSpan? _receiveTimeout;
    private long _receiveTimeoutGeneration;
    private ICancelable? _receiveTimeoutTask;

    public TimeSpan? ReceiveTimeout => _receiveTimeout;

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t && (t <= TimeSpan.Zero || t == Timeout.InfiniteTimeSpan)) timeout = null;
        _receiveTimeout = timeout;
        RearmReceiveTimeout();
    }

    private void RearmReceiveTimeout()
    {
        if (_receiveTimeout is null)
        {
            if (_receiveTimeoutTask is not null) CancelReceiveTimeout();
            return;
        }
        _receiveTimeoutTask?.Cancel();
        var generation = ++_receiveTimeoutGeneration;
        _receiveTimeoutTask = System.Scheduler.ScheduleTellOnce(_receiveTimeout.Value, SelfRef, new ReceiveTimeoutTick(generation), null);
    }

    private void CancelReceiveTimeout()
    {
        _receiveTimeoutTask?.Cancel();
        _receiveTimeoutTask = null;
        _receiveTimeoutGeneration++;
    }
}
