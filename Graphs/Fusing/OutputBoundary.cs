using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Fusing;

/// <summary>
/// The upstream half of an async boundary: a sink-like stage in the upstream island that pulls while it has credit
/// and writes elements into the shared ring, publishing them in batches (protocol in BoundaryChannel.cs). Inside the
/// event loop it pulls with <see cref="GraphStageLogic.PullNow"/>: upstream's OnPull runs at once, so an element costs
/// this island one interpreter event (the push into this stage), as an edge inside a fused graph does.
/// </summary>
internal sealed class OutputBoundary<T> : GraphStageLogic, IBoundaryFlush
{
    // This side's ring position changes per element and the other side runs on another thread (CacheLinePad).
    private readonly object _padAfter = CacheLinePad.Create();
    private readonly BoundaryChannel<T> _ch;
    private readonly T[] _buffer;
    private readonly int _mask;
    private readonly Inlet<T> _in;
    private readonly int _half;
    private readonly BoundarySignal _signal;
    private long _tail;
    private long _published;
    private long _creditSeen;
    private Connection<T> _conn = null!;

    public OutputBoundary(BoundaryChannel<T> channel)
        : this(channel, new Inlet<T>("async.in"))
    {
    }

    private OutputBoundary(BoundaryChannel<T> channel, Inlet<T> inlet)
        : base(new SinkShape<T>(inlet))
    {
        _ch = channel;
        _buffer = channel.Buffer;
        _mask = channel.Mask;
        _in = inlet;
        _half = Math.Max(1, channel.Capacity / 2);
        _creditSeen = channel.InitialCredit;
        channel.Producer = this;
        _signal = new BoundarySignal(this, OnSignal);
        SetHandler(inlet, this);
    }

    public override void PreStart()
    {
        _conn = (Connection<T>)InConns[0];
        TryPull(inline: false);
    }

    public override void OnPush()
    {
        // While credit lasts and upstream answers each pull at once, take its next push here instead of returning to
        // the event loop for it (GraphInterpreter.TakeChasedPush): a run of elements costs one interpreter event.
        var buffer = _buffer;
        var interpreter = Interpreter;
        var c = _conn;
        do
        {
            var tail = _tail;
            buffer[(int)tail & _mask] = GrabFrom(c, _in);
            _tail = ++tail;
            if (tail - _published >= _half)
            {
                Publish(wake: false);
            }

            if (tail >= _creditSeen)
            {
                TryPull(inline: true);
                return;
            }

            PullNowOn(c, _in);
        }
        while (interpreter.TakeChasedPush(c));
    }

    public override void OnUpstreamFinish()
    {
        Publish(wake: true);
        Volatile.Write(ref _ch.Completed, 1);
        _ch.Consumer.Signal();
        CompleteStage();
    }

    public override void OnUpstreamFailure(Exception cause)
    {
        Publish(wake: true);
        _ch.Error = cause;
        Volatile.Write(ref _ch.Completed, 2);
        _ch.Consumer.Signal();
        CompleteStage();
    }

    public override void PostStop()
    {
        // Stopped without finishing and without being cancelled: the island was aborted (its actor stopped, or the
        // materializer shut down). Tell the consumer, or the downstream island would wait for elements forever.
        var ch = _ch;
        if (Volatile.Read(ref ch.Completed) == 0 && Volatile.Read(ref ch.Cancelled) == 0)
        {
            ch.Error = Interpreter.AbortCause
                ?? new AbruptTerminationException($"The upstream side of async boundary '{StageName}' stopped before completing.");
            Volatile.Write(ref ch.Completed, 2);
            ch.Consumer.Signal();
        }
    }

    private void TryPull(bool inline)
    {
        var ch = _ch;
        if (_tail >= _creditSeen)
        {
            _creditSeen = Volatile.Read(ref ch.Credit.Value);
            if (_tail >= _creditSeen)
            {
                // Out of credit: this side stops producing, so make everything visible and wake the consumer now,
                // then wait for the consumer to grant more (Dekker: flag, full fence, look again).
                Publish(wake: true);
                Interlocked.Exchange(ref ch.ProducerWaiting, 1);
                _creditSeen = Volatile.Read(ref ch.Credit.Value);
                if (_tail >= _creditSeen)
                {
                    return;
                }

                Interlocked.Exchange(ref ch.ProducerWaiting, 0);
            }
        }

        if (inline)
        {
            PullNow(_in);
        }
        else
        {
            Pull(_in);
        }
    }

    /// <summary>At the end of each slice: publishes the partial batch and wakes the consumer if it waits for it.</summary>
    public void Flush() => Publish(wake: true);

    /// <summary>
    /// Publishes the elements written since the last publish, then wakes a waiting consumer if there is something for
    /// it to read and either <paramref name="wake"/> or a whole batch (half the ring) is ready.
    /// </summary>
    private void Publish(bool wake)
    {
        var ch = _ch;
        if (_tail != _published)
        {
            _published = _tail;

            // A full fence: the element stores happen before the new tail, and the tail before reading the flag.
            Interlocked.Exchange(ref ch.PublishedTail.Value, _published);
        }

        if (Volatile.Read(ref ch.ConsumerWaiting) == 1)
        {
            var ready = _published - Volatile.Read(ref ch.ConsumerWaitHead);
            if (ready > 0 && (wake || ready >= _half) && Interlocked.Exchange(ref ch.ConsumerWaiting, 0) == 1)
            {
                ch.Consumer.Signal();
            }
        }
    }

    /// <summary>Called from the consumer's thread: credit was granted or downstream cancelled.</summary>
    public void Signal() => _signal.Raise();

    private void OnSignal()
    {
        if (Volatile.Read(ref _ch.Cancelled) != 0)
        {
            CancelStage(_ch.CancelCause);
            return;
        }

        if (!IsClosed(_in) && !HasBeenPulled(_in))
        {
            TryPull(inline: false);
        }
    }
}
