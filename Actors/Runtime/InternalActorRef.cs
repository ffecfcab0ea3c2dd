using Sluice.Actors.Dispatch;

namespace Sluice.Actors.Runtime;

/// <summary>What the runtime needs of every reference beyond Tell: system messages and liveness.</summary>
internal abstract class InternalActorRef : IActorRef
{
    public abstract ActorPath Path { get; }

    public abstract void Tell(object message, IActorRef? sender);

    public abstract void SendSystemMessage(SystemMessage message);

    /// <summary>True once the actor has stopped for good.</summary>
    public abstract bool IsTerminated { get; }

    public override string ToString() => $"[{Path}#{Path.Uid}]";
}

/// <summary>The reference to an actor living in this process.</summary>
internal sealed class LocalActorRef : InternalActorRef
{
    private readonly Mailbox _mailbox;

    public LocalActorRef(ActorCell cell, Mailbox mailbox, ActorPath path)
    {
        Cell = cell;
        _mailbox = mailbox;
        Path = path;
    }

    public ActorCell Cell { get; }

    public override ActorPath Path { get; }

    public override bool IsTerminated => _mailbox.IsClosed;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        _mailbox.Post(new Envelope(message, sender));
    }

    public override void SendSystemMessage(SystemMessage message) => _mailbox.PostSystem(message);
}

/// <summary>Sink of messages nobody can receive: published on the event stream as <see cref="Events.DeadLetter"/>.</summary>
internal sealed class DeadLetterActorRef(ActorSystem system, ActorPath path) : InternalActorRef
{
    public override ActorPath Path { get; } = path;

    public override bool IsTerminated => true;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is Events.DeadLetter d) system.DeadLetterSink.Publish(d);
        else system.DeadLetterSink.Publish(new Events.DeadLetter(message, sender, this));
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch w) w.Watcher.SendSystemMessage(new DeathWatchNotification(w.Watchee, ExistenceConfirmed: false));
    }
}
