namespace Sluice.Actors.Sharding;

/// <summary>A message for one entity, understood by <see cref="HashMessageExtractor"/>.</summary>
/// <param name="EntityId">The entity.</param>
/// <param name="Message">What the entity receives.</param>
public sealed record ShardEnvelope(string EntityId, object Message);

/// <summary>
/// Sent by an entity to its parent (<c>Context.Parent.Tell(new Passivate(PoisonPill.Instance))</c>) to be stopped
/// without losing messages: the shard sends <see cref="StopMessage"/> back to the entity and buffers what arrives for
/// it until it stopped; then it starts the entity again if anything was buffered.
/// </summary>
/// <param name="StopMessage">What the shard sends the entity to make it stop.</param>
public sealed record Passivate(object StopMessage);

/// <summary>Asks a region for its shards and their live entities; the reply is <see cref="CurrentShardRegionState"/>.</summary>
public sealed class GetShardRegionState
{
    /// <summary>The single instance.</summary>
    public static readonly GetShardRegionState Instance = new();
    private GetShardRegionState() { }
}

/// <summary>The live shards of a region and their entities.</summary>
/// <param name="Shards">One entry per shard that has been started on this region, ordered by shard id.</param>
public sealed record CurrentShardRegionState(IReadOnlyList<ShardState> Shards);

/// <summary>One shard of a region.</summary>
/// <param name="ShardId">The shard.</param>
/// <param name="EntityIds">Its live entities (including those passivating or restarting), ordered by id.</param>
public sealed record ShardState(string ShardId, IReadOnlyList<string> EntityIds);

/// <summary>
/// Stops a region gracefully: every shard stops its entities (the hand-off of a cluster rebalance), then the region
/// stops. Watch the region to know when it is done. Messages that arrive meanwhile go to dead letters.
/// </summary>
public sealed class GracefulShutdown
{
    /// <summary>The single instance.</summary>
    public static readonly GracefulShutdown Instance = new();
    private GracefulShutdown() { }
}
