using System.Collections.Concurrent;
using System.Globalization;
using Sluice.Actors;
using Sluice.Actors.Dispatch;
using Sluice.Actors.Runtime;
using Sluice.Graphs.Fusing;

namespace Sluice.Graphs.Stage;

/// <summary>
/// An actor reference whose messages run as handlers of one stage (Akka's stage actor): <see cref="Tell"/> posts the
/// message and its sender to the stage's island, where the receive function runs on the stage's thread like an
/// async callback. It has no mailbox of its own, so it costs nothing while idle. It can watch actors: their death
/// arrives as a <see cref="Terminated"/> message. Messages sent after the stage stopped go to dead letters.
/// </summary>
internal sealed class StageActorRef : InternalActorRef
{
    private static long _next;
    private readonly GraphStageLogic _logic;
    private readonly Action<object, IActorRef?> _receive;
    private readonly ConcurrentDictionary<InternalActorRef, byte> _watching = new(ReferenceEqualityComparer.Instance);
    private readonly long _id = Interlocked.Increment(ref _next);
    private ActorPath? _path;

    public StageActorRef(GraphStageLogic logic, Action<object, IActorRef?> receive)
    {
        _logic = logic;
        _receive = receive;
    }

    /// <summary><c>/system/streams/stage-N</c> in the materializer's actor system (or a system named "sluice").</summary>
    public override ActorPath Path => _path ??= ActorPath.Root(System?.Name ?? "sluice")
        .Child("system").Child("streams").Child("stage-" + _id.ToString(CultureInfo.InvariantCulture));

    public override bool IsTerminated => _logic.IsFinalized;

    private ActorSystem? System => _logic.Interpreter?.Materializer.System;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        _logic.PostExternal(new Delivery(this, message, sender));
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case DeathWatchNotification d when _watching.TryRemove(d.Actor, out _):
                Tell(new Terminated(d.Actor, d.ExistenceConfirmed), d.Actor);
                break;
            case Watch w when IsTerminated && ReferenceEquals(w.Watchee, this):
                w.Watcher.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: false));
                break;
        }
    }

    /// <summary>Watches <paramref name="target"/>: its death arrives at the stage as <see cref="Terminated"/>.</summary>
    public void Watch(IActorRef target)
    {
        if (target is InternalActorRef r && _watching.TryAdd(r, 0))
        {
            r.SendSystemMessage(new Watch(r, this));
        }
    }

    /// <summary>Stops watching <paramref name="target"/>.</summary>
    public void Unwatch(IActorRef target)
    {
        if (target is InternalActorRef r && _watching.TryRemove(r, out _))
        {
            r.SendSystemMessage(new Unwatch(r, this));
        }
    }

    /// <summary>Stops watching everything (the stage stopped).</summary>
    public void UnwatchAll()
    {
        foreach (var r in _watching.Keys)
        {
            Unwatch(r);
        }
    }

    private sealed class Delivery(StageActorRef owner, object message, IActorRef? sender) : IslandEvent(owner._logic)
    {
        public override void Run() => owner._receive(message, sender);

        public override void Dropped()
        {
            if (message is not Terminated)
            {
                owner.System?.DeadLetters.Tell(message, sender);
            }
        }
    }
}
