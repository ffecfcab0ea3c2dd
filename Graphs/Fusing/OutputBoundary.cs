using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Fusing;

/// <summary>
/// The upstream half of an async boundary: a sink-like stage in the upstream island that pulls while it has credit
/// and writes elements into the shared ring (protocol in BoundaryChannel.cs).
/// </summary>
internal sealed class OutputBoundary<T> : GraphStageLogic, IBoundaryFlush
{
    private readonly BoundaryChannel<T> _ch;
    private readonly Inlet<T> _in;
    private readonly int _half;
    private readonly SignalEvent _signal;
    private long _tail;
    private long _published;
    private long _creditSeen;
    private int _signalQueued;

    public OutputBoundary(BoundaryChannel<T> channel)
        : this(channel, new Inlet<T>("async.in"))
    {
    }

    private OutputBoundary(BoundaryChannel<T> channel, Inlet<T> inlet)
        : base(new SinkShape<T>(inlet))
    {
        _ch = channel;
        _in = inlet;
        _half = Math.Max(1, channel.Capacity / 2);
        _creditSeen = channel.InitialCredit;
        channel.Producer = this;
        _signal = new SignalEvent(this);
        SetHandler(inlet, this);
    }

    public override void PreStart() => TryPull();

    public override void OnPush()
    {
        var ch = _ch;
        ch.Buffer[(int)_tail & ch.Mask] = Grab(_in);
        _tail++;
        if (_tail - _published >= _half)
        {
            Flush();
        }

        TryPull();
    }

    public override void OnUpstreamFinish()
    {
        Flush();
        Volatile.Write(ref _ch.Completed, 1);
        _ch.Consumer.Signal();
        CompleteStage();
    }

    public override void OnUpstreamFailure(Exception cause)
    {
        Flush();
        _ch.Error = cause;
        Volatile.Write(ref _ch.Completed, 2);
        _ch.Consumer.Signal();
        CompleteStage();
    }

    private void TryPull()
    {
        if (_tail < _creditSeen)
        {
            Pull(_in);
            return;
        }

        var ch = _ch;
        _creditSeen = Volatile.Read(ref ch.Credit.Value);
        if (_tail < _creditSeen)
        {
            Pull(_in);
            return;
        }

        // Out of credit: make what we have visible, then wait for the consumer to grant more.
        Flush();
        Interlocked.Exchange(ref ch.ProducerWaiting, 1);
        _creditSeen = Volatile.Read(ref ch.Credit.Value);
        if (_tail < _creditSeen)
        {
            Interlocked.Exchange(ref ch.ProducerWaiting, 0);
            Pull(_in);
        }
    }

    /// <summary>Publishes the elements written since the last flush and wakes the consumer if it waits.</summary>
    public void Flush()
    {
        if (_tail == _published)
        {
            return;
        }

        _published = _tail;
        var ch = _ch;
        Interlocked.Exchange(ref ch.PublishedTail.Value, _tail);
        if (Volatile.Read(ref ch.ConsumerWaiting) == 1 && Interlocked.Exchange(ref ch.ConsumerWaiting, 0) == 1)
        {
            ch.Consumer.Signal();
        }
    }

    /// <summary>Called from the consumer's thread: credit was granted or downstream cancelled.</summary>
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
        if (Volatile.Read(ref _ch.Cancelled) != 0)
        {
            CancelStage(_ch.CancelCause);
            return;
        }

        if (!IsClosed(_in) && !HasBeenPulled(_in))
        {
            TryPull();
        }
    }

    private sealed class SignalEvent(OutputBoundary<T> owner) : IslandEvent(owner)
    {
        public override void Run() => owner.OnSignal();
    }
}
