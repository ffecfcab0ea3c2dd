using System.Globalization;
using System.Runtime.CompilerServices;

namespace Sluice.Actors.Sharding;

/// <summary>
/// The sharding of one actor system (Akka's <c>ClusterSharding</c> extension): starts a shard region per entity type
/// and finds it again by type name. Entities are addressed by id through their region, which routes each message to
/// the entity's shard (<see cref="IMessageExtractor"/>); a coordinator decides where each shard lives. Without a
/// cluster, every shard lives in this process; the API stays the same when the cluster places shards on other nodes.
/// </summary>
/// <example><code>
/// var region = ClusterSharding.Get(system).Start("counter", id => Props.Create(() => new Counter(id)));
/// region.Tell(new ShardEnvelope("user-42", new Increment()));
/// var state = await region.Ask&lt;CurrentShardRegionState&gt;(GetShardRegionState.Instance);
/// </code></example>
public sealed class ClusterSharding
{
    private static readonly ConditionalWeakTable<ActorSystem, ClusterSharding> Instances = new();
    private static readonly Lock Gate = new();

    private readonly ActorSystem _system;
    private readonly Lock _regionsGate = new();
    private readonly Dictionary<string, Region> _regions = new(StringComparer.Ordinal);
    private long _incarnation;

    private ClusterSharding(ActorSystem system)
    {
        _system = system;
        Settings = ShardingSettings.From(system.Config);
    }

    /// <summary>The settings read from <c>sluice.sharding</c>, used when <see cref="Start"/> is given none.</summary>
    public ShardingSettings Settings { get; }

    /// <summary>The sharding of a system, created on first use.</summary>
    /// <param name="system">The actor system.</param>
    /// <returns>The system's sharding.</returns>
    /// <exception cref="Configuration.ConfigurationException">A <c>sluice.sharding</c> setting is invalid.</exception>
    public static ClusterSharding Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (Instances.TryGetValue(system, out var existing)) return existing;
        lock (Gate)
        {
            if (Instances.TryGetValue(system, out existing)) return existing;
            var created = new ClusterSharding(system);
            Instances.Add(system, created);
            return created;
        }
    }

    /// <summary>
    /// Starts the region of an entity type (or returns the running one) and returns it: send it messages for the
    /// entities, <see cref="GetShardRegionState"/> to list them, <see cref="GracefulShutdown"/> to stop it.
    /// </summary>
    /// <param name="typeName">The entity type; unique in the system (any text).</param>
    /// <param name="entityProps">The props of the entity with a given id; called each time the entity (re)starts.</param>
    /// <param name="extractor">Finds entity and shard of a message; null: <see cref="HashMessageExtractor"/> over
    /// <see cref="ShardEnvelope"/> with the settings' number of shards.</param>
    /// <param name="settings">The region's settings; null: <see cref="Settings"/>.</param>
    /// <param name="allocationStrategy">Where new shards go; null: <see cref="LeastShardAllocationStrategy"/>.</param>
    /// <returns>The region.</returns>
    public IActorRef Start(
        string typeName,
        Func<string, Props> entityProps,
        IMessageExtractor? extractor = null,
        ShardingSettings? settings = null,
        IShardAllocationStrategy? allocationStrategy = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentNullException.ThrowIfNull(entityProps);
        settings ??= Settings;
        extractor ??= new HashMessageExtractor(settings.NumberOfShards);
        lock (_regionsGate)
        {
            if (_regions.TryGetValue(typeName, out var running)) return running.Ref;

            // Names carry an incarnation number: a stopped region's name stays taken until its stop completes.
            var name = Uri.EscapeDataString(typeName) + "-" + (++_incarnation).ToString(CultureInfo.InvariantCulture);
            var coordinator = _system.SystemActorOf(
                Props.Create(() => new ShardCoordinator(allocationStrategy ?? LeastShardAllocationStrategy.Instance)),
                "sharding-coordinator-" + name);
            var region = _system.SystemActorOf(
                Props.Create(() => new ShardRegion(typeName, entityProps, settings, extractor, coordinator, self => OnRegionStopped(typeName, self, coordinator))),
                "sharding-" + name);
            _regions[typeName] = new Region(region, coordinator);
            return region;
        }
    }

    /// <summary>The running region of <paramref name="typeName"/>.</summary>
    /// <param name="typeName">The entity type given to <see cref="Start"/>.</param>
    /// <returns>The region.</returns>
    /// <exception cref="InvalidOperationException">No region of that type is running.</exception>
    public IActorRef ShardRegion(string typeName)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        lock (_regionsGate)
        {
            return _regions.TryGetValue(typeName, out var region)
                ? region.Ref
                : throw new InvalidOperationException(
                    $"No shard region of type '{typeName}' is running in actor system {_system.Name}; start it with ClusterSharding.Get(system).Start(\"{typeName}\", ...) first.");
        }
    }

    /// <summary>The entity types whose regions are running.</summary>
    public IReadOnlyList<string> TypeNames
    {
        get
        {
            lock (_regionsGate)
            {
                var names = _regions.Keys.ToArray();
                Array.Sort(names, StringComparer.Ordinal);
                return names;
            }
        }
    }

    private void OnRegionStopped(string typeName, IActorRef region, IActorRef coordinator)
    {
        lock (_regionsGate)
        {
            if (_regions.TryGetValue(typeName, out var current) && ReferenceEquals(current.Ref, region)) _regions.Remove(typeName);
        }

        _system.Stop(coordinator);
    }

    private sealed record Region(IActorRef Ref, IActorRef Coordinator);
}
