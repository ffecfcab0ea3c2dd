namespace Sluice.Actors;

/// <summary>
/// A handle to an actor. Messages sent with <see cref="Tell"/> are delivered asynchronously, in order per
/// sender, and never block the sender. A reference to a stopped actor routes messages to dead letters.
/// </summary>
public interface IActorRef
{
    /// <summary>The actor's path; its <see cref="ActorPath.Uid"/> identifies this incarnation.</summary>
    ActorPath Path { get; }

    /// <summary>Sends <paramref name="message"/>; the recipient sees <paramref name="sender"/> as its Sender.</summary>
    void Tell(object message, IActorRef? sender);
}
