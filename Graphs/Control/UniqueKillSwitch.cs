namespace Sluice.Graphs.Control;

/// <summary>The kill switch of one materialized <c>KillSwitches.Single</c> flow. Only the first call has an effect.</summary>
public sealed class UniqueKillSwitch : IKillSwitch
{
    private readonly Action<Exception?> _trigger;
    private int _used;

    internal UniqueKillSwitch(Action<Exception?> trigger) => _trigger = trigger;

    /// <inheritdoc />
    public void Shutdown()
    {
        if (Interlocked.Exchange(ref _used, 1) == 0)
        {
            _trigger(null);
        }
    }

    /// <inheritdoc />
    public void Abort(Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        if (Interlocked.Exchange(ref _used, 1) == 0)
        {
            _trigger(cause);
        }
    }
}
