using Sluice.Persistence;

namespace Sluice.Benchmarks.Persistence;

/// <summary>Persists <see cref="BenchEvent.Sample"/> in a loop after <see cref="Go"/>: persist, wait for the handler
/// (the event committed), persist again; stops looping when the probe stops. Counts replayed events in recovery.</summary>
public sealed class LoopWriter(string persistenceId, LoopProbe probe) : PersistentActor
{
    private Action<BenchEvent>? _loop;

    public override string PersistenceId => persistenceId;

    private long _replayed;

    protected override void ReceiveRecover(object message)
    {
        if (message is BenchEvent) _replayed++;
        else if (message is RecoveryCompleted) probe.Recovered(_replayed);
    }

    protected override void ReceiveCommand(object message)
    {
        if (message is not Go) return;
        _loop ??= OnCommitted;
        probe.Started();
        Persist(BenchEvent.Sample, _loop);
    }

    private void OnCommitted(BenchEvent e)
    {
        probe.Committed();
        if (probe.Stopping)
        {
            probe.Finished();
            return;
        }

        Persist(e, _loop!);
    }

    /// <summary>Starts the loop.</summary>
    public sealed record Go
    {
        public static readonly Go Instance = new();
    }
}
