using System.Runtime.CompilerServices;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Fusing;

/// <summary>
/// The downstream half of an async boundary: a source-like stage in the downstream island that pushes elements from
/// the shared ring on each pull and grants credit in batches of half the ring (protocol in BoundaryChannel.cs). Inside
/// the event loop it pushes with <see cref="GraphStageLogic.PushNow{T}"/>: downstream's OnPush runs at once, so an
/// element costs this island one interpreter event (the pull into this stage), as an edge inside a fused graph does.
/// </summary>
internal sealed class InputBoundary<T> : GraphStageLogic
{
    private readonly BoundaryChannel<T> _ch;
    private readonly Outlet<T> _out;
    private readonly int _half;
    private readonly SignalEvent _signal;
    private long _head;
    private long _tailSeen;
    private long _granted;
    private int _signalQueued;

    public InputBoundary(BoundaryChannel<T> channel)
        : this(channel, new Outlet<T>("async.out"))
    {
    }

    private InputBoundary(BoundaryChannel<T> channel, Outlet<T> outlet)
        : base(new SourceShape<T>(outlet))
    {
        _ch = channel;
        _out = outlet;
        _half = Math.Max(1, channel.Capacity / 2);
        _granted = channel.InitialCredit;
        channel.Consumer = this;
        _signal = new SignalEvent(this);
        SetHandler(outlet, this);
    }

    public override void OnPull() => TryDeliver(inline: true);

    public override void OnDownstreamFinish(Exception? cause)
    {
        _ch.CancelCause = cause;
        Volatile.Write(ref _ch.Cancelled, 1);
        _ch.Producer.Signal();
        CancelStage(cause);
    }

    public override void PostStop()
    {
        // Stopped while the producer still runs and without downstream cancelling: the island was aborted. Cancel the
        // producer, or the upstream island would wait for credit forever.
        var ch = _ch;
        if (Volatile.Read(ref ch.Cancelled) == 0 && Volatile.Read(ref ch.Completed) == 0)
        {
            ch.CancelCause = Interpreter.AbortCause;
            Volatile.Write(ref ch.Cancelled, 1);
            ch.Producer.Signal();
        }
    }

    private void TryDeliver(bool inline)
    {
        var ch = _ch;
        var head = _head;
        if (head == _tailSeen)
        {
            _tailSeen = Volatile.Read(ref ch.PublishedTail.Value);
            if (head == _tailSeen && !AwaitData())
            {
                return;
            }
        }

        var index = (int)head & ch.Mask;
        var element = ch.Buffer[index];
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            ch.Buffer[index] = default!;
        }

        _head = ++head;
        if (_granted - head <= _half)
        {
            Grant(head);
        }

        // Last: downstream's OnPush runs nested here and may throw; this stage's bookkeeping is already done.
        if (inline)
        {
            PushNow(_out, element);
        }
        else
        {
            Push(_out, element);
        }
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
    public void Signal()
    {
        if (Interlocked.Exchange(ref _signalQueued, 1) == 0)
        {
            Interpreter.Shell.Post(_signal);
        }
    }

    private void OnSignal()
    {
        Volatile.Write(ref _signalQueued, 0);
        if (IsAvailable(_out))
        {
            TryDeliver(inline: false);
        }
    }

    private sealed class SignalEvent(InputBoundary<T> owner) : IslandEvent(owner)
    {
        public override void Run() => owner.OnSignal();
    }
}
