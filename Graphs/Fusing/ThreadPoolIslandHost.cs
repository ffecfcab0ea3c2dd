namespace Sluice.Graphs.Fusing;

/// <summary>
/// Hosts an island on the .NET thread pool as an <see cref="IThreadPoolWorkItem"/>. A status word guarantees at
/// most one thread runs the island: <c>RequestRun</c> moves it from idle (0) to scheduled (1) and queues the work
/// item; the work item runs one slice (bounded by the sync-processing limit), and keeps running further slices only
/// while no other work item waits for a pool thread (and at most about a millisecond): as soon as another island or
/// task is queued, the island yields. Then it sets the status back to idle with a full fence and, if work remains or
/// an event arrived meanwhile, schedules itself again.
/// </summary>
internal sealed class ThreadPoolIslandHost : IIslandHost, IThreadPoolWorkItem
{
    private IslandShell _shell = null!;
    private int _status;

    public void Attach(IslandShell shell) => _shell = shell;

    public void Start() => RequestRun();

    public void RequestRun()
    {
        if (Interlocked.CompareExchange(ref _status, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private static readonly long MaxRunTicks = System.Diagnostics.Stopwatch.Frequency / 1000;

    public void Execute()
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        bool more;
        do
        {
            more = _shell.RunSlice();
        }
        while (more && ThreadPool.PendingWorkItemCount == 0
               && System.Diagnostics.Stopwatch.GetTimestamp() - start < MaxRunTicks);

        Interlocked.Exchange(ref _status, 0);
        if (more || _shell.HasExternalEvents)
        {
            RequestRun();
        }
    }
}
