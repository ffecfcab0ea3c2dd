namespace Sluice.Actors.Sharding;

/// <summary>Decides which region a new shard lives on; asked by the coordinator (on the leader, in a cluster).</summary>
public interface IShardAllocationStrategy
{
    /// <summary>The region the shard is placed on.</summary>
    /// <param name="requester">The region that asked for the shard's home.</param>
    /// <param name="shardId">The shard.</param>
    /// <param name="current">Every live region and the shards it holds.</param>
    IActorRef AllocateShard(IActorRef requester, string shardId, IReadOnlyDictionary<IActorRef, IReadOnlyCollection<string>> current);
}

/// <summary>Places a new shard on the region that holds the fewest shards (the requester when tied).</summary>
public sealed class LeastShardAllocationStrategy : IShardAllocationStrategy
{
    /// <summary>The single instance.</summary>
    public static readonly LeastShardAllocationStrategy Instance = new();

    /// <inheritdoc />
    public IActorRef AllocateShard(IActorRef requester, string shardId, IReadOnlyDictionary<IActorRef, IReadOnlyCollection<string>> current)
    {
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(current);
        var best = requester;
        var fewest = current.TryGetValue(requester, out var own) ? own.Count : int.MaxValue;
        foreach (var (region, shards) in current)
        {
            if (shards.Count < fewest)
            {
                best = region;
                fewest = shards.Count;
            }
        }

        return best;
    }
}
