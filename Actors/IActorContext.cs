using Microsoft.Extensions.Logging;

namespace Sluice.Actors;

/// <summary>What an actor knows about itself and can do to its surroundings while it processes a message.</summary>
public interface IActorContext
{
    /// <summary>This actor.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the message being processed; dead letters when there is none.</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor of this actor.</summary>
    IActorRef Parent { get; }

    /// <summary>The live children of this actor.</summary>
    IReadOnlyCollection<IActorRef> Children { get; }

    /// <summary>The system this actor belongs to.</summary>
    ActorSystem System { get; }

    /// <summary>The props this actor was created from.</summary>
    Props Props { get; }

    /// <summary>A logger whose entries carry this actor's path.</summary>
    ILogger Log { get; }

    /// <summary>The child named <paramref name="name"/>, or null.</summary>
    IActorRef? Child(string name);

    /// <summary>Creates a child actor; a null name generates one starting with '$'.</summary>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>Stops a child or this actor, after the message being processed.</summary>
    void Stop(IActorRef actor);

    /// <summary>Delivers <see cref="Terminated"/> when <paramref name="subject"/> stops; at once if it is already dead.</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Like <see cref="Watch"/> but delivers <paramref name="message"/> instead of <see cref="Terminated"/>.</summary>
    IActorRef WatchWith(IActorRef subject, object message);

    /// <summary>Stops watching; a <see cref="Terminated"/> already queued is discarded.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Replaces the current behaviour (or pushes it when <paramref name="discardOld"/> is false).</summary>
    void Become(Action<object> behavior, bool discardOld = true);

    /// <summary>Returns to the previous behaviour pushed with <c>Become(b, discardOld: false)</c>.</summary>
    void Unbecome();

    /// <summary>Sends <see cref="ReceiveTimeout"/> after this long without messages; null turns it off.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);

    /// <summary>The current receive timeout, if any.</summary>
    TimeSpan? ReceiveTimeout { get; }

    /// <summary>Selects actors by a path relative to this actor (<c>../sibling</c>) or absolute (<c>/user/a</c>).</summary>
    ActorSelection ActorSelection(string path);
}
