using System.Globalization;

namespace Sluice.Actors.Sharding;

/// <summary>
/// The default <see cref="IMessageExtractor"/>: understands <see cref="ShardEnvelope"/> and places entity
/// <c>id</c> in shard <c>StableHash(id) % numberOfShards</c> (Murmur3 of the UTF-8 bytes, the same in every process).
/// Derive from it to read the entity id out of your own messages.
/// </summary>
/// <example><code>
/// sealed class OrderExtractor(int shards) : HashMessageExtractor(shards)
/// {
///     public override string? EntityId(object message) => message is OrderCommand c ? c.OrderId : base.EntityId(message);
/// }
/// </code></example>
public class HashMessageExtractor : IMessageExtractor
{
    private readonly string[] _shardIds;

    /// <summary>Creates the extractor.</summary>
    /// <param name="numberOfShards">How many shards (<see cref="ShardingSettings.NumberOfShards"/>).</param>
    public HashMessageExtractor(int numberOfShards)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numberOfShards);
        NumberOfShards = numberOfShards;
        _shardIds = new string[numberOfShards];
        for (var i = 0; i < numberOfShards; i++) _shardIds[i] = i.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>How many shards.</summary>
    public int NumberOfShards { get; }

    /// <inheritdoc />
    public virtual string? EntityId(object message) => message is ShardEnvelope e ? e.EntityId : null;

    /// <inheritdoc />
    public virtual object EntityMessage(object message) => message is ShardEnvelope e ? e.Message : message;

    /// <inheritdoc />
    public virtual string ShardId(string entityId)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        return _shardIds[StableHash.ShardOf(StableHash.Compute(entityId), NumberOfShards)];
    }
}
