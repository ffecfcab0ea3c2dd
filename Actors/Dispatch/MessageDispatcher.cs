using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Sluice.Actors.Dispatch;

/// <summary>Decides on which thread a scheduled mailbox runs.</summary>
internal abstract class MessageDispatcher
{
    // The live mailboxes, for QueuedMessages: one add when an actor starts and one remove when it stops, nothing per message.
    private readonly ConcurrentDictionary<Mailbox, byte> _mailboxes = new();

    protected MessageDispatcher(string name, int throughput)
    {
        Name = name;
        Throughput = throughput;
    }

    public string Name { get; }

    /// <summary>User messages an actor processes per turn before yielding its thread.</summary>
    public int Throughput { get; }

    /// <summary>User messages queued in the mailboxes of this dispatcher's actors now (read by the mailbox-depth gauge at scrape time).</summary>
    public long QueuedMessages
    {
        get
        {
            long queued = 0;
            foreach (var mailbox in _mailboxes.Keys) queued += mailbox.Count;
            return queued;
        }
    }

    internal void Register(Mailbox mailbox) => _mailboxes.TryAdd(mailbox, 0);

    internal void Unregister(Mailbox mailbox) => _mailboxes.TryRemove(mailbox, out _);

    public virtual void Attach(Mailbox mailbox) { }

    public virtual void Detach(Mailbox mailbox) { }

    public abstract void Execute(Mailbox mailbox);
}

/// <summary>Runs actors as .NET thread pool work items (no delegate or closure per run).</summary>
internal sealed class ThreadPoolDispatcher(string name, int throughput) : MessageDispatcher(name, throughput)
{
    // An actor scheduling another (ping-pong, fan-out from an actor) keeps the work on its own thread's
    // local queue for cache locality. Any other thread uses the global queue: it may be about to block
    // (a caller waiting on a reply), and work parked in a blocked thread's local queue waits for stealing.
    public override void Execute(Mailbox mailbox) =>
        ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: Runtime.ActorCell.Current is not null);
}

/// <summary>Gives every actor a dedicated thread, for actors that block.</summary>
internal sealed class PinnedDispatcher(string name, int throughput) : MessageDispatcher(name, throughput)
{
    private readonly ConditionalWeakTable<Mailbox, PinnedThread> _threads = new();

    public override void Attach(Mailbox mailbox) => _threads.Add(mailbox, new PinnedThread(mailbox));

    public override void Detach(Mailbox mailbox)
    {
        if (_threads.TryGetValue(mailbox, out var t)) t.Stop();
    }

    public override void Execute(Mailbox mailbox)
    {
        if (_threads.TryGetValue(mailbox, out var t)) t.Signal();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore lives as long as its thread; it is never waited on after Stop.")]
    private sealed class PinnedThread
    {
        private readonly SemaphoreSlim _signal = new(0);
        private volatile bool _stopped;

        public PinnedThread(Mailbox mailbox)
        {
            var thread = new Thread(() =>
            {
                while (true)
                {
                    _signal.Wait();
                    if (_stopped) return;
                    mailbox.Execute();
                }
            })
            { IsBackground = true, Name = "sluice-pinned" };
            thread.Start();
        }

        public void Signal() => _signal.Release();

        public void Stop()
        {
            _stopped = true;
            _signal.Release();
        }
    }
}
