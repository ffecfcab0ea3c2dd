namespace Sluice.Actors.Sharding;

/*
 * Where each shard of one entity type lives. Regions register with the coordinator and ask it for a shard's home
 * before they route the shard's first message; the coordinator asks its allocation strategy once per shard and
 * remembers the answer until that region stops. This one keeps its table in memory (one process); a cluster
 * coordinator answers the same protocol from the leader with its table in PostgreSQL, so regions do not change.
 */
internal sealed class ShardCoordinator(IShardAllocationStrategy strategy) : ActorBase
{
    private readonly Dictionary<IActorRef, HashSet<string>> _regions = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, IActorRef> _homes = new(StringComparer.Ordinal);

    protected override void Receive(object message)
    {
        switch (message)
        {
            case RegisterRegion r:
                if (_regions.TryAdd(r.Region, new HashSet<string>(StringComparer.Ordinal))) Context.Watch(r.Region);
                break;
            case GetShardHome g:
                Sender.Tell(new ShardHome(g.ShardId, HomeOf(g.ShardId, Sender)));
                break;
            case ShardStopped s:
                if (_homes.Remove(s.ShardId, out var region) && _regions.TryGetValue(region, out var shards)) shards.Remove(s.ShardId);
                break;
            case Terminated t:
                if (_regions.Remove(t.ActorRef, out var lost))
                {
                    foreach (var shardId in lost) _homes.Remove(shardId);
                }

                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private IActorRef HomeOf(string shardId, IActorRef requester)
    {
        if (_homes.TryGetValue(shardId, out var home)) return home;
        var current = new Dictionary<IActorRef, IReadOnlyCollection<string>>(_regions.Count, ReferenceEqualityComparer.Instance);
        foreach (var (region, shards) in _regions) current[region] = shards;
        home = strategy.AllocateShard(requester, shardId, current);
        if (!_regions.TryGetValue(home, out var held))
        {
            held = new HashSet<string>(StringComparer.Ordinal);
            _regions[home] = held;
            Context.Watch(home);
        }

        held.Add(shardId);
        _homes[shardId] = home;
        return home;
    }
}

/// <summary>A region announces itself to its coordinator.</summary>
internal sealed record RegisterRegion(IActorRef Region);

/// <summary>A region asks where a shard lives; the reply is <see cref="ShardHome"/>.</summary>
internal sealed record GetShardHome(string ShardId);

/// <summary>The region that holds a shard.</summary>
internal sealed record ShardHome(string ShardId, IActorRef Region);

/// <summary>A region stopped a shard (hand-off); the coordinator may place it elsewhere next time.</summary>
internal sealed record ShardStopped(string ShardId);
