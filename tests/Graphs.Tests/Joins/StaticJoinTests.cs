using Sluice.Graphs.Joins;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sources;
using Sluice.TestKit.Queries;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests.Joins;

public sealed class StaticJoinTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Countries = new() { ["fr"] = "France", ["de"] = "Germany" };

    [Fact]
    public Task Inner_join_keeps_the_rows_with_a_match()
    {
        var input = new MemorySource<(string User, string Country)>();
        var joined = DataStream.From(input).Join(LookupTable.From(Countries), r => r.Country, (r, name) => $"{r.User}@{name}");
        return new QueryTest<string>(joined, OutputMode.Append, output)
            .AddData(input, ("ann", "fr"), ("bob", "xx"), ("cid", "de"))
            .CheckNewAnswer("ann@France", "cid@Germany")
            .RunAsync();
    }

    [Fact]
    public Task Left_outer_join_pads_the_rows_without_a_match()
    {
        var input = new MemorySource<(string User, string Country)>();
        var joined = DataStream.From(input).LeftOuterJoin(LookupTable.From(Countries), r => r.Country, (r, name) => $"{r.User}@{name ?? "?"}");
        return new QueryTest<string>(joined, OutputMode.Append, output)
            .AddData(input, ("ann", "fr"), ("bob", "xx"))
            .CheckNewAnswer("ann@France", "bob@?")
            .RunAsync();
    }

    [Fact]
    public Task A_loaded_table_reloads_on_its_interval_and_on_demand()
    {
        var version = 0;
        var clock = new ManualTimeProvider();
        var table = LookupTable.FromLoader(
            () => new Dictionary<int, string> { [1] = "v" + Interlocked.Increment(ref version) },
            TimeSpan.FromSeconds(10),
            clock);
        var input = new MemorySource<int>();
        var joined = DataStream.From(input).Join(table, k => k, (_, v) => v);
        return new QueryTest<string>(joined, OutputMode.Append, output)
            .AddData(input, 1)
            .CheckNewAnswer("v1")
            .AddData(() => clock.Advance(TimeSpan.FromSeconds(9)), "9 s pass")
            .AddData(input, 1)
            .CheckNewAnswer("v1")
            .AddData(() => clock.Advance(TimeSpan.FromSeconds(1)), "10 s pass")
            .AddData(input, 1, 1)
            .CheckNewAnswer("v2", "v2")
            .AddData(table.Reload, "Reload")
            .AddData(input, 1)
            .CheckNewAnswer("v3")
            .Assert(_ => Assert.Throws<InvalidOperationException>(() => LookupTable.From(new Dictionary<int, int>()).Reload()), "a fixed table refuses Reload")
            .RunAsync();
    }
}
