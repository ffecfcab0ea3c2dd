namespace Sluice.Actors.Sharding;

/// <summary>
/// Tells a shard region which entity a message is for, which shard that entity belongs to, and what the entity
/// receives. The shard of an entity must never change while its state lives: derive it from the entity id with a
/// stable hash (<see cref="HashMessageExtractor"/>), never from <see cref="object.GetHashCode"/>.
/// </summary>
public interface IMessageExtractor
{
    /// <summary>The entity the message is for, or null when the region does not handle it (it goes to dead letters).</summary>
    /// <param name="message">A message sent to the region.</param>
    string? EntityId(object message);

    /// <summary>What the entity receives (for example the payload of an envelope).</summary>
    /// <param name="message">A message whose <see cref="EntityId"/> is not null.</param>
    object EntityMessage(object message);

    /// <summary>The shard of an entity.</summary>
    /// <param name="entityId">The entity id.</param>
    string ShardId(string entityId);
}
