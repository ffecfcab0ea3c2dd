using System.Collections.Concurrent;

namespace Sluice.Graphs.Fusing;

/// <summary>
/// One island: a fused interpreter plus its queue of events posted from other threads. A host (see
/// <see cref="IIslandHost"/>) calls <see cref="RunSlice"/> serially. A slice first starts the stages (once), then
/// alternates between interpreter events and posted events until the sync-processing limit is spent or there is
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
    }

    public GraphInterpreter Interpreter { get; }

    public bool HasExternalEvents => !_events.IsEmpty;

    public bool IsTerminated => _terminated;

    public void AddFlush(IBoundaryFlush flush) => _flushes.Add(flush);

    /// <summary>Raised once, on the island's thread, when every stage of the island stopped.</summary>
    public event Action<IslandShell>? Terminated;

    public void Start() => _host.RequestRun();

    /// <summary>Asks the island to stop all its stages at its next slice.</summary>
    public void Abort(Exception cause)
    {
        _abort = cause;
        _host.RequestRun();
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
            Interpreter.Init();
        }

        if (_abort is { } cause)
        {
            Interpreter.Abort(cause);
        }

        var budget = _limit;
        while (!Interpreter.IsCompleted)
        {
            budget -= Interpreter.Execute(budget);
            if (budget <= 0 || Interpreter.IsCompleted || !_events.TryDequeue(out var e))
            {
                break;
            }

            Interpreter.RunExternal(e);
            budget--;
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
