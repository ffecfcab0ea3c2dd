using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests.Queries;

public sealed class RestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Restarted_query_counts_each_word_exactly_once()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var words = new MemorySource<string>();
        var sink = new MemorySink<(string Key, long Count)>();
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        var writer = DataStream.From(words).Stateful(w => w, new CountPerKey<string>())
            .WriteStream().OutputMode(OutputMode.Complete).CheckpointLocation("restart-" + Guid.NewGuid().ToString("N"))
            .Manager(new StreamingQueryManager()).NumberOfShards(5);
        var query = await writer.StartAsync(sink);
        long batches = 0;
        for (var round = 0; round < 20; round++)
        {
            var rows = Enumerable.Range(0, random.Next(1, 50)).Select(_ => "w" + random.Next(30)).ToArray();
            foreach (var w in rows)
            {
                expected[w] = expected.GetValueOrDefault(w) + 1;
            }

            words.AddData(rows);
            if (random.Next(3) == 0)
            {
                await query.StopAsync();
                batches += query.RecentProgress.Count;
                query = await writer.StartAsync(sink);
            }

            await query.ProcessAllAvailableAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }

        await query.StopAsync();
        batches += query.RecentProgress.Count;
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value)), sink.Rows.OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, (int)batches).Select(i => (long)i), sink.Batches.Select(b => b.EpochId));
    }
}
