using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Fusing;

/// <summary>
/// Runs the stages of one island (a fused graph) on one thread at a time. Stages talk through
/// <see cref="Connection"/>s; a pull or push flips the connection's state bits (protocol in PortStates.cs) and
/// schedules the connection; <see cref="Execute"/> takes scheduled connections in FIFO order, decodes the pending
/// event from the bits and calls the handler. The last event scheduled by a handler is "chased": kept in a field
/// and dispatched next without touching the queue (at most <see cref="ChaseLimit"/> times in a row, then it goes to
/// the back of the queue so that every branch of a graph gets its turn). No message and no allocation per element.
/// </summary>
internal sealed class GraphInterpreter
{
    private const int ChaseLimit = 16;

    // The queue's indices and the active stage change per event; other islands' interpreters run on other threads.
    private readonly object _padAfter = CacheLinePad.Create();
    private readonly GraphStageLogic[] _logics;
    private Connection?[] _queue;
    private int _mask;
    private int _head;
    private int _tail;
    private Connection? _chased;
    private int _running;

    public GraphInterpreter(GraphStageLogic[] logics, int connectionCount, Materializer materializer, ILogger logger)
    {
        _logics = logics;
        Materializer = materializer;
        Logger = logger;
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(connectionCount + 1, 8));
        _queue = new Connection?[size];
        _mask = size - 1;
        _running = logics.Length;
        for (var i = 0; i < logics.Length; i++)
        {
            logics[i].Interpreter = this;
            logics[i].StageId = i;
        }
    }

    public Materializer Materializer { get; }

    public ILogger Logger { get; }

    public IslandShell Shell { get; set; } = null!;

    // The stage whose handler runs now, by index: an int store on the per-event path instead of a reference store
    // with its GC write barrier.
    private int _activeId = -1;

    /// <summary>The stage whose handler runs now (receives the blame for an exception).</summary>
    public GraphStageLogic? Active
    {
        get => _activeId >= 0 ? _logics[_activeId] : null;
        set => _activeId = value is null ? -1 : value.StageId;
    }

    public bool IsCompleted => _running == 0;

    /// <summary>Why the island was stopped from outside (set by <see cref="Abort"/>), for stages that report it.</summary>
    public Exception? AbortCause { get; private set; }

    public bool HasPendingEvents => _chased is not null || _head != _tail;

    public IReadOnlyList<GraphStageLogic> Logics => _logics;

    /// <summary>Runs every stage's PreStart.</summary>
    public void Init()
    {
        foreach (var logic in _logics)
        {
            Active = logic;
            try
            {
                logic.BeforePreStart();
                logic.PreStart();
            }
            catch (Exception e)
            {
                ReportError(logic, e);
            }

            AfterHandler(logic);
        }

        Active = null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Schedule(Connection c)
    {
        if (_chased is null)
        {
            _chased = c;
        }
        else
        {
            Enqueue(c);
        }
    }

    private void Enqueue(Connection c)
    {
        if (_tail - _head == _queue.Length)
        {
            Grow();
        }

        _queue[_tail & _mask] = c;
        _tail++;
    }

    private void Grow()
    {
        var bigger = new Connection?[_queue.Length * 2];
        var n = _tail - _head;
        for (var i = 0; i < n; i++)
        {
            bigger[i] = _queue[(_head + i) & _mask];
        }

        _queue = bigger;
        _mask = bigger.Length - 1;
        _head = 0;
        _tail = n;
    }

    /// <summary>
    /// Processes up to <paramref name="eventLimit"/> events, plus up to as many taken inline by boundary stages
    /// (<see cref="TakeChasedPush"/>, <see cref="TakeChasedPull"/>); returns how many it processed in all.
    /// </summary>
    public int Execute(int eventLimit)
    {
        var remaining = eventLimit;
        _inlineBudget = eventLimit;
        while (remaining > 0 && HasPendingEvents)
        {
            try
            {
                remaining = RunEvents(remaining);
            }
            catch (Exception e)
            {
                remaining--;
                _inlining = false;
                var logic = Active;
                if (logic is not null)
                {
                    ReportError(logic, e);
                    AfterHandler(logic);
                }
                else
                {
                    StreamLog.InterpreterFailed(Logger, e);
                }
            }
        }

        Active = null;
        var inline = eventLimit - _inlineBudget;
        _inlineBudget = 0;
        return eventLimit - remaining + inline;
    }

    // How many more events boundary stages may take inline in this Execute (0 outside Execute).
    private int _inlineBudget;

    /// <summary>
    /// Called by a stage right after its pull on <paramref name="c"/> was answered synchronously: if upstream's push is
    /// the event the interpreter would run next (chased, nothing else queued, the inlet side open) and the budget
    /// allows, delivers it now: the push's state change happens here and true tells the caller to run its OnPush logic
    /// again, in a loop, instead of returning to the event loop. Exactly what the event loop would do next, minus the
    /// dispatch. Counts against the slice's budget; used by <see cref="OutputBoundary{T}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TakeChasedPush(Connection c)
    {
        var s = c.State;
        if (!ReferenceEquals(_chased, c) || (s & (PortStates.Pushing | PortStates.InClosed | PortStates.OutClosed)) != PortStates.Pushing
            || _head != _tail || _inlineBudget <= 0)
        {
            return false;
        }

        _chased = null;
        _inlineBudget--;
        c.State = (s & ~PortStates.Pushing) | PortStates.InReady | PortStates.Available;
        return true;
    }

    /// <summary>The pull counterpart of <see cref="TakeChasedPush"/>: downstream pulled <paramref name="c"/> again at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TakeChasedPull(Connection c)
    {
        var s = c.State;
        if (!ReferenceEquals(_chased, c) || (s & (PortStates.Pulling | PortStates.OutClosed | PortStates.InClosed)) != PortStates.Pulling
            || _head != _tail || _inlineBudget <= 0)
        {
            return false;
        }

        _chased = null;
        _inlineBudget--;
        c.State = s ^ PortStates.PullEndFlip;
        return true;
    }

    private int RunEvents(int remaining)
    {
        var chaseCount = 0;
        while (remaining > 0)
        {
            var c = _chased;
            if (c is not null && chaseCount < ChaseLimit)
            {
                _chased = null;
                chaseCount++;
            }
            else
            {
                if (c is not null)
                {
                    _chased = null;
                    Enqueue(c);
                }

                if (_head == _tail)
                {
                    break;
                }

                var index = _head & _mask;
                c = _queue[index]!;
                _queue[index] = null;
                _head++;
                chaseCount = 0;
            }

            remaining--;
            Process(c);
        }

        return remaining;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Process(Connection c)
    {
        var s = c.State;
        if ((s & (PortStates.Pushing | PortStates.InClosed)) == PortStates.Pushing)
        {
            c.State = (s & ~PortStates.Pushing) | PortStates.InReady | PortStates.Available;
            var inOwner = c.InOwner;
            _activeId = inOwner.StageId;
            c.InHandler.OnPush();
            if ((c.State & PortStates.OutClosed) != 0 || inOwner.OpenPorts == 0)
            {
                AfterPush(c, inOwner);
            }

            return;
        }

        if ((s & (PortStates.Pulling | PortStates.OutClosed | PortStates.InClosed)) == PortStates.Pulling)
        {
            c.State = s ^ PortStates.PullEndFlip;
            var outOwner = c.OutOwner;
            _activeId = outOwner.StageId;
            c.OutHandler.OnPull();
            if (outOwner.OpenPorts == 0)
            {
                AfterHandler(outOwner);
            }

            return;
        }

        ProcessClose(c, s);
    }

    /// <summary>Whether a handler is running inline, called by <see cref="DeliverNow"/>.</summary>
    public bool IsInlining => _inlining;

    private bool _inlining;

    /// <summary>
    /// Delivers a push (<paramref name="push"/>) or a pull on <paramref name="c"/> now, from inside the other side's
    /// handler, instead of as a queued event: the receiving stage's OnPush or OnPull runs nested, as its own handler
    /// (it gets the blame if it throws). Used by the boundary stages so that an element crossing an island costs one
    /// interpreter event on each side, not two. The caller already moved the state to InReady|Available (push) or
    /// OutReady (pull). Never nested twice (<see cref="IsInlining"/>), so the stack stays flat whatever stages are
    /// wired to a boundary.
    /// </summary>
    public void DeliverNow(Connection c, bool push)
    {
        var previous = _activeId;
        var owner = push ? c.InOwner : c.OutOwner;
        _inlining = true;
        _activeId = owner.StageId;
        if (push)
        {
            c.InHandler.OnPush();
        }
        else
        {
            c.OutHandler.OnPull();
        }

        _inlining = false;
        if (push)
        {
            if ((c.State & PortStates.OutClosed) != 0 || owner.OpenPorts == 0)
            {
                AfterPush(c, owner);
            }
        }
        else if (owner.OpenPorts == 0)
        {
            AfterHandler(owner);
        }

        _activeId = previous;
    }

    private void AfterPush(Connection c, GraphStageLogic inOwner)
    {
        AfterHandler(inOwner);

        // The outlet side completed while the element was on its way: deliver the completion after it.
        var s2 = c.State;
        if ((s2 & (PortStates.OutClosed | PortStates.InClosed | PortStates.Pending)) == PortStates.OutClosed)
        {
            c.State = s2 | PortStates.ClosePending;
            Enqueue(c);
        }
    }

    private void ProcessClose(Connection c, int s)
    {
        if ((s & PortStates.Pushing) != 0)
        {
            // Pushing with InClosed: the inlet side cancelled, the element is dropped.
            s &= ~PortStates.Pushing;
            c.ClearSlot();
        }

        s &= ~(PortStates.Pulling | PortStates.ClosePending);
        if ((s & PortStates.InClosed) != 0)
        {
            if ((s & PortStates.OutClosed) == 0)
            {
                c.State = (s | PortStates.OutClosed) & ~PortStates.OutReady;
                var outOwner = c.OutOwner;
                outOwner.OpenPorts--;
                Active = outOwner;
                c.OutHandler.OnDownstreamFinish(c.CancelCause);
                AfterHandler(outOwner);
            }
            else
            {
                c.State = s;
            }
        }
        else if ((s & PortStates.OutClosed) != 0)
        {
            var failed = (s & PortStates.InFailed) != 0;
            c.State = failed ? (s | PortStates.InClosed) & ~PortStates.Available : s | PortStates.InClosed;
            var inOwner = c.InOwner;
            inOwner.OpenPorts--;
            Active = inOwner;
            if (failed)
            {
                c.InHandler.OnUpstreamFailure(c.Failure!);
            }
            else
            {
                c.InHandler.OnUpstreamFinish();
            }

            AfterHandler(inOwner);
        }
        else
        {
            c.State = s;
        }
    }

    /// <summary>Runs an event posted from another thread as a handler of its stage.</summary>
    public void RunExternal(IslandEvent e)
    {
        var logic = e.Logic;
        if (logic.IsFinalized)
        {
            e.Dropped();
            return;
        }

        Active = logic;
        try
        {
            e.Run();
        }
        catch (Exception ex)
        {
            ReportError(logic, ex);
        }

        AfterHandler(logic);
        Active = null;
    }

    /// <summary>Fails <paramref name="logic"/> because its code threw <paramref name="e"/>.</summary>
    public void ReportError(GraphStageLogic logic, Exception e)
    {
        if (logic.IsFinalized)
        {
            StreamLog.ThrewAfterStop(Logger, e, logic.StageName);
            return;
        }

        var failure = e as StreamStageException ?? new StreamStageException(logic.StageName, e);
        StreamLog.StageFailed(Logger, e, logic.StageName);
        try
        {
            logic.FailStage(failure);
        }
        catch (Exception inner)
        {
            StreamLog.ThrewWhileFailing(Logger, inner, logic.StageName);
            logic.ForceClose(failure);
        }
    }

    /// <summary>Finalizes <paramref name="logic"/> if all its ports are closed and it does not keep going.</summary>
    public void AfterHandler(GraphStageLogic logic)
    {
        if (logic.OpenPorts == 0 && !logic.KeepGoingInternal && !logic.IsFinalized)
        {
            FinalizeStage(logic);
        }
    }

    /// <summary>Stops <paramref name="logic"/>: cancels its timers and runs PostStop.</summary>
    public void FinalizeStage(GraphStageLogic logic)
    {
        logic.IsFinalized = true;
        _running--;
        try
        {
            logic.BeforePostStop();
            logic.PostStop();
        }
        catch (Exception e)
        {
            StreamLog.PostStopThrew(Logger, e, logic.StageName);
        }
    }

    /// <summary>Stops every running stage at once (the materializer shuts down): ports fail, PostStop runs.</summary>
    public void Abort(Exception cause)
    {
        AbortCause ??= cause;
        foreach (var logic in _logics)
        {
            if (!logic.IsFinalized)
            {
                Active = logic;
                logic.ForceClose(cause);
                FinalizeStage(logic);
            }
        }

        Active = null;
    }
}
