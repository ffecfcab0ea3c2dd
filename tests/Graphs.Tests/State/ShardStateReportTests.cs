using Sluice.Actors;
using Sluice.Actors.Sharding;
using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.State;
using Sluice.Graphs.Tests.Checkpoints;
using Sluice.Graphs.Tests.IO;

namespace Sluice.Graphs.Tests.State;

/// <summary>StreamingQuery.ShardStates: each shard's keys, bytes and epochs, from the local and the sharded backend.</summary>
public sealed class ShardStateReportTests : IDisposable
{
    private const int Shards = 4;
    private static readonly string[] Words = ["apple", "banana", "cherry", "apple"];
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static DataStream<KeyedValue<string, long>> WordCount(MemorySource<string> input) => DataStream.From(input).GroupBy(w => w).Count();

    /// <summary>Keys per shard and the byte estimate a store holding them gives after one epoch, computed independently of the query.</summary>
    private static (long Keys, long Bytes)[] Expected()
    {
        var stores = Enumerable.Range(0, Shards).Select(_ => new StateStore<string, long>("aggregates")).ToArray();
        foreach (var word in Words) stores[StableHash.ShardOf(StableHash.Compute(word), Shards)].GetOrAddRef(word, out _)++;
        foreach (var store in stores) store.TakeChanges();
        return [.. stores.Select(s => ((long)s.Count, s.EstimatedBytes))];
    }

    [Fact]
    public async Task The_local_backend_reports_the_keys_of_each_shard_after_a_committed_epoch()
    {
        var input = new MemorySource<string>();
        var query = await WordCount(input).WriteStream().OutputMode(OutputMode.Update).NumberOfShards(Shards)
            .CheckpointLocation("shard-states-" + Guid.NewGuid().ToString("N")).Manager(new StreamingQueryManager())
            .StartAsync(new Sluice.Graphs.Queries.Sinks.MemorySink<KeyedValue<string, long>>());
        try
        {
            input.AddData(Words);
            await query.ProcessAllAvailableAsync().WaitAsync(TimeSpan.FromSeconds(20));
            var expected = Expected();
            Assert.Equal(
                Enumerable.Range(0, Shards).Select(i => new ShardStateReport("0-aggregate", "aggregate", i, $"local:{query.Id:N}/0-aggregate/{i}", expected[i].Keys, expected[i].Bytes, 0, 0, "local")),
                query.ShardStates);
            Assert.Equal(3, query.ShardStates.Sum(s => s.Keys));
            Assert.Equal(query.LastProgress!.StateOperators[0].NumRowsTotal, query.ShardStates.Sum(s => s.Keys));
        }
        finally
        {
            await query.StopAsync();
        }
    }

    [Fact]
    public async Task Persistent_shards_report_their_keys_and_path_and_again_after_a_restart()
    {
        var directory = _temp.File("checkpoint");
        var input = new MemorySource<string>();
        input.AddData(Words);
        var expected = Expected();
        string[] paths;
        await using (var run = await CheckpointedRun<KeyedValue<string, long>>.StartAsync(directory, WordCount(input), OutputMode.Update))
        {
            await run.ProcessAllAvailableAsync();
            var reports = run.Query.ShardStates;
            Assert.Equal(
                Enumerable.Range(0, Shards).Select(i => ("0-aggregate", "aggregate", i, expected[i].Keys, expected[i].Bytes, 0L, 0L, "sluice://" + run.System.Name)),
                reports.Select(r => (r.OperatorId, r.OperatorName, r.Shard, r.Keys, r.Bytes, r.LastEpoch, r.LastCommittedEpoch, r.Node)));
            Assert.All(reports, r => Assert.StartsWith("sluice://" + run.System.Name + "/system/sharding-state%2F" + run.Query.Id.ToString("N") + "%2F0-aggregate-", r.EntityPath, StringComparison.Ordinal));
            Assert.All(reports, r => Assert.EndsWith($"/{r.Shard}/{r.Shard}", r.EntityPath, StringComparison.Ordinal));
            paths = [.. reports.Select(r => r.EntityPath[("sluice://" + run.System.Name).Length..])];
            Assert.Equal(Shards, paths.Distinct().Count());
        }

        // A new process restores the state: the shards report it before any new epoch.
        await using (var run = await CheckpointedRun<KeyedValue<string, long>>.StartAsync(directory, WordCount(input), OutputMode.Update))
        {
            var reports = run.Query.ShardStates;
            Assert.Equal(expected.Select(e => e.Keys), reports.Select(r => r.Keys));
            Assert.Equal(Enumerable.Repeat(0L, Shards), reports.Select(r => r.LastCommittedEpoch));
            Assert.Equal(paths, reports.Select(r => r.EntityPath[("sluice://" + run.System.Name).Length..]));
        }
    }
}
