using Microsoft.Extensions.Logging;

namespace Sluice.Actors.Sharding;

/// <summary>Sharding's log messages, source-generated.</summary>
internal static partial class ShardingLog
{
    [LoggerMessage(101, LogLevel.Warning, "Shard {ShardId} of {TypeName}: buffer full ({BufferSize} messages, sluice.sharding.buffer-size); a message for entity {EntityId} goes to dead letters.")]
    public static partial void ShardBufferFull(this ILogger log, string shardId, string typeName, int bufferSize, string entityId);

    [LoggerMessage(102, LogLevel.Information, "Shard {ShardId} of {TypeName}: entity {EntityId} failed; it starts again in {DelayMs} ms.")]
    public static partial void EntityRestarting(this ILogger log, string shardId, string typeName, string entityId, long delayMs);

    [LoggerMessage(103, LogLevel.Warning, "Region {TypeName}: the message extractor gives no entity id for a {MessageType}; it goes to dead letters.")]
    public static partial void NoEntityId(this ILogger log, string typeName, string messageType);

    [LoggerMessage(104, LogLevel.Warning, "Region {TypeName}: buffer full ({BufferSize} messages, sluice.sharding.buffer-size) while shard {ShardId} has no home; the message goes to dead letters.")]
    public static partial void RegionBufferFull(this ILogger log, string typeName, int bufferSize, string shardId);
}
