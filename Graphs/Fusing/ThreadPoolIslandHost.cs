namespace Sluice.Graphs.Fusing;

/// <summary>
/// Hosts an island on the .NET thread pool as an <see cref="IThreadPoolWorkItem"/>. A status word guarantees at
/// most one thread runs the island: <c>RequestRun</c> moves it from idle (0) to scheduled (1) and queues the work
/// item; the work item runs one slice (bounded by the sync-processing limit, so other islands get the thread), sets
/// the status back to idle with a full fence and, if work remains or an event arrived meanwhile, schedules again.
/// </summary>
internal sealed class ThreadPoolIslandHost : IIslandHost, IThreadPoolWorkItem
{
    private IslandShell _shell = null!;
    private int _status;

    public void Attach(IslandShell shell) => _shell = shell;

    public void RequestRun()
    {
        if (Interlocked.CompareExchange(ref _status, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    public void Execute()
    {
        var more = _shell.RunSlice();
        Interlocked.Exchange(ref _status, 0);
        if (more || _shell.HasExternalEvents)
        {
            RequestRun();
        }
    }
}
