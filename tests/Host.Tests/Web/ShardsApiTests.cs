using System.Globalization;
using Sluice.Actors.Sharding;
using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.State;
using Sluice.Host.Hosting;
using Sluice.Host.Metrics;
using Sluice.Host.Web;

namespace Sluice.Host.Tests.Web;

public sealed class ShardsApiTests
{
    private const int Shards = 4;

    [Fact]
    public async Task The_shards_api_lists_each_shard_of_a_running_query_with_its_keys_bytes_epochs_path_and_node()
    {
        var manager = new StreamingQueryManager();
        var catalog = new QueryCatalog(manager);
        var input = new MemorySource<string>();
        var query = await DataStream.From(input).GroupBy(w => w).Count()
            .WriteStream().QueryName("wordcount").OutputMode(OutputMode.Update).NumberOfShards(Shards)
            .CheckpointLocation("shards-api-" + Guid.NewGuid().ToString("N")).Manager(manager)
            .StartAsync(new MemorySink<KeyedValue<string, long>>());
        using var exporter = new PrometheusExporter("Sluice.Test.ShardsApi");
        await using var ui = await WebUi.StartAsync(new WebUiOptions(Port: 0), catalog, exporter);
        using var http = new HttpClient { BaseAddress = ui.Address };
        try
        {
            input.AddData("apple", "banana", "cherry", "apple");
            await query.ProcessAllAvailableAsync().WaitAsync(TimeSpan.FromSeconds(20));

            var json = await http.GetStringAsync(new Uri("/api/shards", UriKind.Relative));

            Assert.Equal(Expected(query.Id, ["apple", "banana", "cherry", "apple"]), json);
            Assert.Contains("Sluice.shardPage", await http.GetStringAsync(new Uri("/shards", UriKind.Relative)), StringComparison.Ordinal);
            Assert.Contains("function shardTables", await http.GetStringAsync(new Uri("/assets/app.js", UriKind.Relative)), StringComparison.Ordinal);
        }
        finally
        {
            await query.StopAsync();
        }

        // A stopped query's shards are gone from the list.
        Assert.Equal("[]", await http.GetStringAsync(new Uri("/api/shards", UriKind.Relative)));
    }

    /// <summary>The JSON for the words' keys: each key in shard StableHash(key) % 4, bytes as a store holding them estimates.</summary>
    private static string Expected(Guid queryId, string[] words)
    {
        var stores = Enumerable.Range(0, Shards).Select(_ => new StateStore<string, long>("aggregates")).ToArray();
        foreach (var word in words) stores[StableHash.ShardOf(StableHash.Compute(word), Shards)].GetOrAddRef(word, out _)++;
        foreach (var store in stores) store.TakeChanges();
        return "[" + string.Join(",", Enumerable.Range(0, Shards).Select(i => string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"queryId":"{{queryId}}","query":"wordcount","operatorId":"0-aggregate","operator":"aggregate","shard":{{i}},"entityPath":"local:{{queryId:N}}/0-aggregate/{{i}}","keys":{{stores[i].Count}},"bytes":{{stores[i].EstimatedBytes}},"lastEpoch":0,"lastCommittedEpoch":0,"node":"local"}"""))) + "]";
    }
}
