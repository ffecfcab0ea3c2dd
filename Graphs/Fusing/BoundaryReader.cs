using System.Runtime.CompilerServices;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Fusing;

/// <summary>
/// The consumer's side of an async boundary's ring (protocol in BoundaryChannel.cs), shared by the downstream halves:
/// <see cref="InputBoundary{T}"/> pushes each element as it is, <see cref="FusedInputBoundary{TIn,TOut}"/> runs the
/// Select/Where steps of the stage it replaced first. It takes elements from the ring in order, grants credit in
/// batches of half the ring, waits (without losing a wake-up) when the ring is empty, and finishes when upstream did.
/// A derived stage delivers in <see cref="Deliver"/>, on each pull and when a signal says data arrived.
/// </summary>
/// <typeparam name="T">The element type of the ring.</typeparam>
internal abstract class BoundaryReader<T> : GraphStageLogic
{
    // This side's ring position changes per element and the other side runs on another thread (CacheLinePad).
    private readonly object _padAfter = CacheLinePad.Create();
    private readonly BoundaryChannel<T> _ch;
    private readonly T[] _buffer;
    private readonly int _mask;
    private readonly Outlet _outlet;
    private readonly int _half;
    private readonly BoundarySignal _signal;
    private long _head;
    private long _tailSeen;
    private long _granted;

    protected BoundaryReader(BoundaryChannel<T> channel, Shape shape, Outlet outlet)
        : base(shape)
    {
        _ch = channel;
        _buffer = channel.Buffer;
        _mask = channel.Mask;
        _outlet = outlet;
        _half = Math.Max(1, channel.Capacity / 2);
        _granted = channel.InitialCredit;
        channel.Consumer = this;
        _signal = new BoundarySignal(this, OnSignal);
        SetHandler(outlet, this);
    }

    public sealed override void OnPull() => Deliver(inline: true);

    public override void PreStart() => OutConnection = OutConns[0];

    /// <summary>The connection downstream (set in PreStart), for <see cref="GraphInterpreter.TakeChasedPull"/>.</summary>
    protected Connection OutConnection = null!;

    /// <summary>
    /// Delivers the next element(s) downstream while the outlet is pulled: with <see cref="GraphStageLogic.PushNow{T}"/>
    /// when <paramref name="inline"/> (inside the event loop), else with a plain push (from a signal).
    /// </summary>
    protected abstract void Deliver(bool inline);

    public override void OnDownstreamFinish(Exception? cause)
    {
        CancelUpstream(cause);
        CancelStage(cause);
    }

    public override void PostStop()
    {
        // Stopped while the producer still runs and without downstream cancelling: the island was aborted. Cancel the
        // producer, or the upstream island would wait for credit forever.
        var ch = _ch;
        if (Volatile.Read(ref ch.Cancelled) == 0 && Volatile.Read(ref ch.Completed) == 0)
        {
            CancelUpstream(Interpreter.AbortCause);
        }
    }

    /// <summary>Tells the producer to stop with <paramref name="cause"/> (its island cancels upstream with it).</summary>
    protected void CancelUpstream(Exception? cause)
    {
        var ch = _ch;
        ch.CancelCause = cause;
        Volatile.Write(ref ch.Cancelled, 1);
        ch.Producer.Signal();
    }

    /// <summary>
    /// Takes the next element from the ring; false when there is none yet (a signal follows when there is) or upstream
    /// finished (the stage then completed or failed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected bool TryTake(out T element)
    {
        var ch = _ch;
        var head = _head;
        if (head == _tailSeen)
        {
            _tailSeen = Volatile.Read(ref ch.PublishedTail.Value);
            if (head == _tailSeen && !AwaitData())
            {
                element = default!;
                return false;
            }
        }

        var index = (int)head & _mask;
        element = _buffer[index];
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            _buffer[index] = default!;
        }

        _head = ++head;
        if (_granted - head <= _half)
        {
            Grant(head);
        }

        return true;
    }

    /// <summary>The ring looked empty: finish if upstream finished, else wait for a signal. Returns true when data arrived meanwhile.</summary>
    private bool AwaitData()
    {
        var ch = _ch;
        if (Volatile.Read(ref ch.Completed) == 0)
        {
            // Dekker with the producer's publish: announce the wait (and from where), full fence, look again.
            ch.ConsumerWaitHead = _head;
            Interlocked.Exchange(ref ch.ConsumerWaiting, 1);
            _tailSeen = Volatile.Read(ref ch.PublishedTail.Value);
            if (_head != _tailSeen)
            {
                Interlocked.Exchange(ref ch.ConsumerWaiting, 0);
                return true;
            }

            if (Volatile.Read(ref ch.Completed) == 0)
            {
                return false;
            }

            Interlocked.Exchange(ref ch.ConsumerWaiting, 0);
        }

        _tailSeen = Volatile.Read(ref ch.PublishedTail.Value);
        if (_head != _tailSeen)
        {
            return true;
        }

        if (ch.Completed == 1)
        {
            CompleteStage();
        }
        else
        {
            FailStage(ch.Error!);
        }

        return false;
    }

    private void Grant(long head)
    {
        var ch = _ch;
        _granted = head + ch.Capacity;

        // A full fence: the slots read before are free before the producer sees the credit, and the credit is visible
        // before reading the producer's flag.
        Interlocked.Exchange(ref ch.Credit.Value, _granted);
        if (Volatile.Read(ref ch.ProducerWaiting) == 1 && Interlocked.Exchange(ref ch.ProducerWaiting, 0) == 1)
        {
            ch.Producer.Signal();
        }
    }

    /// <summary>Called from the producer's thread: data was published or upstream finished.</summary>
    public void Signal() => _signal.Raise();

    private void OnSignal()
    {
        if (IsAvailable(_outlet))
        {
            Deliver(inline: false);
            return;
        }

        FinishIfDrained();
    }

    /// <summary>
    /// Called after a push that left no demand (and on a signal without demand): when upstream finished and every
    /// element was delivered, completes or fails now instead of at the next pull, which may never come. A completion
    /// right after a push reaches downstream after the element (PortStates.cs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void FinishIfDrained()
    {
        if (_head == _tailSeen)
        {
            FinishIfUpstreamDone();
        }
    }

    private void FinishIfUpstreamDone()
    {
        var ch = _ch;
        if (Volatile.Read(ref ch.Completed) == 0 || _head != Volatile.Read(ref ch.PublishedTail.Value) || IsClosed(_outlet))
        {
            return;
        }

        if (ch.Completed == 1)
        {
            CompleteStage();
        }
        else
        {
            FailStage(ch.Error!);
        }
    }
}
