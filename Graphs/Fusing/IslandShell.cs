using System.Collections.Concurrent;

namespace Sluice.Graphs.Fusing;

/// <summary>
/// One island: a fused interpreter plus its queue of events posted from other threads. A host (see
/// <see cref="IIslandHost"/>) calls <see cref="RunSlice"/> serially. A slice first starts the stages (once), then
/// alternates between posted events and interpreter events until the sync-processing limit is spent or there is
/// nothing left, then flushes the island's outgoing boundaries so batched elements become visible downstream.
/// </summary>
internal sealed class IslandShell
{
    private readonly ConcurrentQueue<IslandEvent> _events = new();
    private readonly IIslandHost _host;
    private readonly int _limit;
    private readonly List<IBoundaryFlush> _flushes = [];
    private bool _started;
    private volatile bool _terminated;
    private volatile Exception? _abort;

    public IslandShell(GraphInterpreter interpreter, IIslandHost host, int syncProcessingLimit)
    {
        Interpreter = interpreter;
        _host = host;
        _limit = syncProcessingLimit;
        interpreter.Shell = this;
        host.Attach(this);
        foreach (var logic in interpreter.Logics)
        {
            foreach (var early in logic.Attach())
            {
                _events.Enqueue(early);
            }
        }
    }

    public GraphInterpreter Interpreter { get; }

    public bool HasExternalEvents => !_events.IsEmpty;

    public bool IsTerminated => _terminated;

    public void AddFlush(IBoundaryFlush flush) => _flushes.Add(flush);

    /// <summary>Raised once, on the island's thread, when every stage of the island stopped.</summary>
    public event Action<IslandShell>? Terminated;

    public void Start() => _host.Start();

    /// <summary>Asks the island to stop all its stages at its next slice.</summary>
    public void Abort(Exception cause)
    {
        _abort = cause;
        _host.RequestRun();
    }

    /// <summary>
    /// Stops all stages now, on the calling thread: only for a host that is itself stopping and will run no further
    /// slice (its actor's PostStop), which is exactly the thread that may run this island.
    /// </summary>
    public void AbortNow(Exception cause)
    {
        _abort = cause;
        RunSlice();
    }

    public void Post(IslandEvent e)
    {
        if (_terminated)
        {
            e.Dropped();
            return;
        }

        _events.Enqueue(e);
        _host.RequestRun();
    }

    /// <summary>Runs one slice; returns whether the interpreter has more work of its own.</summary>
    public bool RunSlice()
    {
        if (_terminated)
        {
            DrainDropped();
            return false;
        }

        if (!_started)
        {
            _started = true;

            // An island aborted before its first slice never starts its stages; PostStop still runs (via Abort).
            if (_abort is null)
            {
                Interpreter.Init();
            }
        }

        if (_abort is { } cause)
        {
            Interpreter.Abort(cause);
        }

        // Each round runs one posted event, then the interpreter until it is idle or the budget is spent: a stage that
        // always has work cannot starve callbacks, timers and boundary signals (a kill switch reaches a busy stream),
        // and the consequences of one posted event (a pull) are processed before the next posted event runs.
        var budget = _limit;
        while (!Interpreter.IsCompleted && budget > 0)
        {
            var posted = _events.TryDequeue(out var e);
            if (posted)
            {
                Interpreter.RunExternal(e!);
                budget--;
            }

            var used = Interpreter.Execute(budget);
            budget -= used;
            if (!posted && used == 0)
            {
                break;
            }
        }

        foreach (var flush in _flushes)
        {
            flush.Flush();
        }

        if (Interpreter.IsCompleted)
        {
            _terminated = true;
            DrainDropped();
            Terminated?.Invoke(this);
            return false;
        }

        return Interpreter.HasPendingEvents;
    }

    private void DrainDropped()
    {
        while (_events.TryDequeue(out var e))
        {
            e.Dropped();
        }
    }
}

/// <summary>Implemented by outgoing boundaries: publish the batch collected so far at the end of a slice.</summary>
internal interface IBoundaryFlush
{
    void Flush();
}
