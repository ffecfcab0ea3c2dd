using Sluice.Graphs.Joins;
using Sluice.Graphs.Tests.StatefulFunctions;

namespace Sluice.Graphs.Tests.Joins;

public sealed class StaticJoinTests
{
    private const long S = 1000;

    [Fact]
    public void Inner_join_keeps_rows_with_a_match_and_left_outer_pads_the_others()
    {
        var table = LookupTable.From<string, string>(new Dictionary<string, string> { ["fr"] = "France", ["de"] = "Germany" });

        var inner = TestStreams.Drive<(string User, string Country), string, string>(
            TestStreams.Source<(string User, string Country)>().Join(table, r => r.Country, (r, name) => $"{r.User}@{name}"));
        Assert.Equal(["ann@France", "cid@Germany"], inner.Epoch([("ann", "fr"), ("bob", "xx"), ("cid", "de")]));
        Assert.Empty(inner.Shard.Stores);

        var outer = TestStreams.Drive<(string User, string Country), string, string>(
            TestStreams.Source<(string User, string Country)>().LeftOuterJoin(table, r => r.Country, (r, name) => $"{r.User}@{name ?? "?"}"));
        Assert.Equal(["ann@France", "bob@?"], outer.Epoch([("ann", "fr"), ("bob", "xx")]));
    }

    [Fact]
    public void A_loaded_table_reloads_on_its_interval_and_on_demand()
    {
        var version = 0;
        var table = LookupTable.FromLoader<int, string>(
            () => new Dictionary<int, string> { [1] = "v" + Interlocked.Increment(ref version) },
            TimeSpan.FromSeconds(10));
        var driver = TestStreams.Drive<int, int, string>(TestStreams.Source<int>().Join(table, k => k, (_, v) => v));

        Assert.Equal(["v1"], driver.Epoch([1], batchTimestampMs: 100 * S));
        Assert.Equal(["v1"], driver.Epoch([1], batchTimestampMs: 109 * S));
        Assert.Equal(["v2"], driver.Epoch([1], batchTimestampMs: 110 * S));
        table.Reload();
        Assert.Equal(["v3"], driver.Epoch([1], batchTimestampMs: 111 * S));
        Assert.Throws<InvalidOperationException>(() => LookupTable.From(new Dictionary<int, int>()).Reload());
    }
}
