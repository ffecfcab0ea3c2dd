using System.Globalization;
using Sluice.Actors;
using Sluice.Actors.Sharding;

namespace Sluice.Graphs.State.Sharded;

/// <summary>
/// Keeps the keyed state of stateful operators in persistent shard actors (DESIGN 4.3): per (query, operator) a shard
/// region whose entities are the operator's shards, each a persistent actor with persistence id
/// <c>{queryId}/{operatorId}/{shard}</c> that persists one changelog event per epoch and snapshots every few epochs.
/// Uses the actor system's persistence (<c>sluice.persistence</c>, or stores given to <c>SluicePersistence.Start</c>).
/// </summary>
internal sealed class ShardedStateBackend : IStateBackend
{
    private readonly ActorSystem _system;

    private ShardedStateBackend(ActorSystem system, ShardedStateSettings settings)
    {
        _system = system;
        Settings = settings;
    }

    public ShardedStateSettings Settings { get; }

    /// <summary>The backend of <paramref name="system"/>; <paramref name="settings"/> null reads <c>sluice.state.sharded</c>.</summary>
    public static ShardedStateBackend Create(ActorSystem system, ShardedStateSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        return new ShardedStateBackend(system, settings ?? ShardedStateSettings.From(system.Config));
    }

    /// <summary>The persistence id of one shard of one operator.</summary>
    public static string PersistenceIdOf(string queryId, string operatorId, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{queryId}/{operatorId}/{shard}");

    public async Task<IOperatorShards<TKey, TIn, TOut>> StartAsync<TKey, TIn, TOut>(
        string queryId,
        string operatorId,
        StatefulOperator<TKey, TIn, TOut> op,
        int numberOfShards,
        long committedEpoch,
        CancellationToken cancellationToken)
        where TKey : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(queryId);
        ArgumentException.ThrowIfNullOrEmpty(operatorId);
        ArgumentNullException.ThrowIfNull(op);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numberOfShards);
        var typeName = "state/" + queryId + "/" + operatorId;
        var sharding = ClusterSharding.Get(_system);
        if (sharding.TypeNames.Contains(typeName, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"The shards of operator '{operatorId}' of query '{queryId}' are already running in actor system {_system.Name}; dispose them before starting them again.");
        }

        var board = new ShardStateBoard(operatorId, op.Name, ActorPath.Root(_system.Name).Address, _ => "", numberOfShards, committedEpoch);
        var cells = new StateShardCell[numberOfShards];
        for (var i = 0; i < numberOfShards; i++) cells[i] = new StateShardCell(i, board);
        var settings = Settings;
        var region = sharding.Start(
            typeName,
            entityId =>
            {
                var shard = int.Parse(entityId, NumberStyles.None, CultureInfo.InvariantCulture);
                var persistenceId = PersistenceIdOf(queryId, operatorId, shard);
                return Props.Create(() => new StateShardActor<TKey, TIn, TOut>(persistenceId, op, numberOfShards, committedEpoch, cells[shard], settings));
            },
            new OneEntityPerShardExtractor(),
            sharding.Settings with { NumberOfShards = numberOfShards, PassivateIdleAfter = null });
        var shards = new OperatorShards<TKey, TIn, TOut>(_system, region, typeName, cells, settings, board);
        try
        {
            await shards.StartShardsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await shards.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return shards;
    }

    /// <summary>Each shard of an operator is one entity, alone in its region shard.</summary>
    private sealed class OneEntityPerShardExtractor : IMessageExtractor
    {
        public string? EntityId(object message) => (message as ShardEnvelope)?.EntityId;

        public object EntityMessage(object message) => ((ShardEnvelope)message).Message;

        public string ShardId(string entityId) => entityId;
    }
}
