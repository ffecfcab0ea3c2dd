using System.Collections.Concurrent;
using Sluice.Actors.Events;
using Sluice.Actors.Runtime;

namespace Sluice.Actors.Dispatch;

// The mailbox is the actor's queue and, at the same time, the thread-pool work item that runs the actor.
//
// Status word (one int, changed only with Interlocked):
//   bit 0 (1)  Closed     the actor stopped; new messages go to dead letters
//   bit 1 (2)  Scheduled  the mailbox is queued on (or running on) a thread; at most one at a time
//   bits 2+    suspend count (each Suspend adds 4); a suspended mailbox runs system messages only
//
// A producer enqueues, then tries to set Scheduled with a CAS; only the winner hands the mailbox to the
// dispatcher. This is what guarantees that one actor never runs on two threads at once. When a run ends
// the runner clears Scheduled and checks again for work that arrived meanwhile, so no message is stranded.
//
// Closing races: the actor sets Closed, then drains both queues. A producer that enqueued after that drain
// sees Closed after its enqueue and drains the queue itself (the queues are multi-consumer safe), so every
// message is either processed or answered as dead.
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Closed = 1;
    private const int Scheduled = 2;
    private const int SuspendUnit = 4;

    private readonly ConcurrentQueue<Envelope> _user = new();
    private readonly ConcurrentQueue<SystemMessage> _system = new();
    private readonly int _capacity;               // 0 = unbounded
    private int _userCount;                       // only maintained when bounded
    private int _systemCount;
    private int _status;
    private LinkedList<Envelope>? _front;         // unstashed messages; touched only by the actor's own thread

    public Mailbox(MessageDispatcher dispatcher, int capacity)
    {
        Dispatcher = dispatcher;
        _capacity = capacity;
    }

    public MessageDispatcher Dispatcher { get; }

    public ActorCell Cell { get; private set; } = null!;

    public bool IsClosed => (Volatile.Read(ref _status) & Closed) != 0;

    public bool IsSuspended => Volatile.Read(ref _status) >= SuspendUnit;

    public void Attach(ActorCell cell)
    {
        Cell = cell;
        Dispatcher.Register(this);
        Dispatcher.Attach(this);
    }

    public void Post(Envelope envelope)
    {
        if (_capacity > 0 && Interlocked.Increment(ref _userCount) > _capacity)
        {
            Interlocked.Decrement(ref _userCount);
            Cell.System.DeadLetterSink.Publish(new DeadLetter(envelope.Message, envelope.Sender, Cell.Self, "mailbox full"));
            return;
        }
        _user.Enqueue(envelope);
        // The enqueue publishes the message with a release store; without a full fence the read of the status
        // word below could be satisfied before that store is visible. The finishing turn would then find the
        // queue empty while we find it Scheduled, and nobody would run the actor (a lost wakeup).
        Interlocked.MemoryBarrier();
        // One read of the status word decides: closed (hand the queue to dead letters), already scheduled
        // (the running turn will see the message), or idle (schedule a turn).
        var status = Volatile.Read(ref _status);
        if ((status & Closed) != 0) DrainUserToDeadLetters();
        else if ((status & Scheduled) == 0) TrySchedule();
    }

    public void PostSystem(SystemMessage message)
    {
        _system.Enqueue(message);
        Interlocked.Increment(ref _systemCount);
        if (IsClosed)
        {
            DrainSystemAsDead();
            return;
        }
        TrySchedule();
    }

    /// <summary>Puts messages back in front of the queue, keeping their order (used by UnstashAll).</summary>
    public void Prepend(IReadOnlyList<Envelope> envelopes)
    {
        if (envelopes.Count == 0) return;
        _front ??= new LinkedList<Envelope>();
        for (var i = envelopes.Count - 1; i >= 0; i--) _front.AddFirst(envelopes[i]);
        TrySchedule();
    }

    public void Suspend() => Interlocked.Add(ref _status, SuspendUnit);

    public void Resume()
    {
        while (true)
        {
            var s = Volatile.Read(ref _status);
            if (s < SuspendUnit) return;
            if (Interlocked.CompareExchange(ref _status, s - SuspendUnit, s) == s) break;
        }
        TrySchedule();
    }

    /// <summary>Closes the mailbox for good; returns the user messages still queued (for dead letters).</summary>
    public void Close()
    {
        Interlocked.Or(ref _status, Closed);
        DrainSystemAsDead();
        if (_front is not null)
        {
            foreach (var e in _front) Cell.System.DeadLetterSink.Publish(new DeadLetter(e.Message, e.Sender, Cell.Self));
            _front = null;
        }
        DrainUserToDeadLetters();
        Dispatcher.Unregister(this);
        Dispatcher.Detach(this);
    }

    private bool HasUserMessages => !_user.IsEmpty || _front is { Count: > 0 };

    private void TrySchedule()
    {
        while (true)
        {
            var s = Volatile.Read(ref _status);
            if ((s & (Closed | Scheduled)) != 0) return;
            var hasSystem = Volatile.Read(ref _systemCount) > 0;
            if (s >= SuspendUnit ? !hasSystem : !hasSystem && !HasUserMessages) return;
            if (Interlocked.CompareExchange(ref _status, s | Scheduled, s) == s)
            {
                Dispatcher.Execute(this);
                return;
            }
        }
    }

    /// <summary>Runs a turn of the actor: system messages first, then up to <c>throughput</c> user messages.</summary>
    public void Execute()
    {
        var previous = ActorCell.Current;
        ActorCell.Current = Cell;
        try
        {
            ProcessSystemMessages();
            var left = Dispatcher.Throughput;
            while (left-- > 0 && Volatile.Read(ref _status) < SuspendUnit && TryDequeue(out var envelope))
            {
                Cell.Invoke(envelope);
                if (Volatile.Read(ref _systemCount) > 0) ProcessSystemMessages();
            }
        }
        finally
        {
            Interlocked.And(ref _status, ~Scheduled);
            TrySchedule();      // still as the actor's thread: a re-queue prefers this thread's local queue
            ActorCell.Current = previous;
        }
    }

    private bool TryDequeue(out Envelope envelope)
    {
        if (_front is { Count: > 0 })
        {
            envelope = _front.First!.Value;
            _front.RemoveFirst();
            return true;
        }
        if (_user.TryDequeue(out envelope))
        {
            if (_capacity > 0) Interlocked.Decrement(ref _userCount);
            return true;
        }
        return false;
    }

    private void ProcessSystemMessages()
    {
        while (!IsClosed && _system.TryDequeue(out var message))
        {
            Interlocked.Decrement(ref _systemCount);
            Cell.SystemInvoke(message);
        }
    }

    private void DrainSystemAsDead()
    {
        while (_system.TryDequeue(out var message))
        {
            Interlocked.Decrement(ref _systemCount);
            Cell.SystemInvokeDead(message);
        }
    }

    private void DrainUserToDeadLetters()
    {
        while (_user.TryDequeue(out var e))
        {
            if (_capacity > 0) Interlocked.Decrement(ref _userCount);
            if (e.Message is DeadLetter) continue;
            Cell.System.DeadLetterSink.Publish(new DeadLetter(e.Message, e.Sender, Cell.Self));
        }
    }

    void IThreadPoolWorkItem.Execute() => Execute();

    public int Count => _user.Count + (_front?.Count ?? 0);
}
