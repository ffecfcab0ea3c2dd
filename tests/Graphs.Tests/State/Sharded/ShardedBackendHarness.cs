using Sluice.Actors;
using Sluice.Actors.Configuration;
using Sluice.Actors.Sharding;
using Sluice.Graphs.Queries;
using Sluice.Graphs.State;
using Sluice.Graphs.State.Sharded;
using Sluice.Persistence;
using Sluice.Persistence.Journal;
using Sluice.Persistence.Snapshots;

namespace Sluice.Graphs.Tests.State.Sharded;

/// <summary>Drives a sharded backend the way the engine's routing stage does: rows per shard in batches, then epoch ends.</summary>
internal static class ShardedBackendHarness
{
    public const string Query = "q1";
    public const string Operator = "0-count";
    public const int Shards = 4;

    /// <summary>An actor system whose persistence runs on the given stores (shared across "process restarts").</summary>
    public static ActorSystem SystemOn(string name, IJournalStore journal, ISnapshotStore? snapshots)
    {
        var system = ActorSystem.Create(name, Config.Parse("sluice.persistence.plugin = memory"));
        SluicePersistence.Start(system, journal, snapshots);
        return system;
    }

    public static Task<IOperatorShards<string, long, (string Key, long Sum)>> StartAsync(
        ActorSystem system, long committedEpoch, CountingOperator? op = null, ShardedStateSettings? settings = null) =>
        ShardedStateBackend.Create(system, settings).StartAsync(Query, Operator, op ?? new CountingOperator(), Shards, committedEpoch, CancellationToken.None);

    public static EpochInfo Epoch(long id) => new(id, 0, 0, 0, OutputMode.Complete, false);

    public static int ShardOf(string key) => StableHash.ShardOf(StableHash.Compute(key), Shards);

    /// <summary>Sends the rows (batches of at most 2 per shard), ends the epoch in every shard, returns the union of outputs and the summed metrics.</summary>
    public static async Task<(SortedDictionary<string, long> State, ShardMetrics Metrics)> RunEpochAsync(
        IOperatorShards<string, long, (string Key, long Sum)> shards, long epochId, params (string Key, long Value)[] rows)
    {
        var epoch = Epoch(epochId);
        for (var shard = 0; shard < shards.NumberOfShards; shard++)
        {
            var mine = rows.Where(r => ShardOf(r.Key) == shard).Select(r => new KeyedRow<string, long>(r.Key, EventTime.None, r.Value)).ToArray();
            foreach (var batch in mine.Chunk(2)) await shards.SendAsync(shard, batch, batch.Length, epoch, collectLate: false);
        }

        var state = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long total = 0, updated = 0, removed = 0, dropped = 0;
        for (var shard = 0; shard < shards.NumberOfShards; shard++)
        {
            var result = await shards.EndEpochAsync(shard, epoch);
            foreach (var row in result.Output) state.Add(row.Value.Key, row.Value.Sum);
            total += result.Metrics.NumRowsTotal;
            updated += result.Metrics.NumRowsUpdated;
            removed += result.Metrics.NumRowsRemoved;
            dropped += result.Metrics.NumRowsDroppedByWatermark;
        }

        return (state, new ShardMetrics(total, updated, removed, dropped, 0));
    }

    public static string Show(IEnumerable<KeyValuePair<string, long>> state) => string.Join(",", state.Select(kv => $"{kv.Key}={kv.Value}"));
}
