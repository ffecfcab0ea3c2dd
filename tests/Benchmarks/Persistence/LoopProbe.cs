namespace Sluice.Benchmarks.Persistence;

/// <summary>Shared by the <see cref="LoopWriter"/>s of one run: counts committed events and tells when all writers
/// recovered and, after <see cref="Stop"/>, when none has a write in flight.</summary>
public sealed class LoopProbe(int writers)
{
    private long _persisted;
    private int _recovered;
    private int _active;
    private long _replayed;
    private volatile bool _stopping;

    public TaskCompletionSource AllRecovered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Drained { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Persisted => Interlocked.Read(ref _persisted);

    public bool Stopping => _stopping;

    public long Replayed => Interlocked.Read(ref _replayed);

    public void Recovered(long replayed)
    {
        Interlocked.Add(ref _replayed, replayed);
        if (Interlocked.Increment(ref _recovered) == writers) AllRecovered.TrySetResult();
    }

    public void Started() => Interlocked.Increment(ref _active);

    public void Committed() => Interlocked.Increment(ref _persisted);

    public void Finished()
    {
        if (Interlocked.Decrement(ref _active) == 0 && _stopping) Drained.TrySetResult();
    }

    public void Stop()
    {
        _stopping = true;
        if (Volatile.Read(ref _active) == 0) Drained.TrySetResult();
    }
}
