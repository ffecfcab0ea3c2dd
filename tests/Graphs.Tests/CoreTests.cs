using Sluice.Graphs;
using Sluice.Graphs.Dsl;

namespace Sluice.Graphs.Tests;

public sealed class CoreTests : IDisposable
{
    private readonly Materializer _mat = Materializer.Create();

    public void Dispose() => _mat.Dispose();

    [Fact]
    public async Task Fused_chain_transforms_and_filters_in_order()
    {
        var result = await Source.From(Enumerable.Range(1, 10))
            .Select(x => x * 2)
            .Where(x => x % 3 != 0)
            .RunWith(Sink.Seq<int>(), _mat);
        Assert.Equal([2, 4, 8, 10, 14, 16, 20], result);
    }

    [Fact]
    public async Task Async_boundaries_keep_order_of_a_million_elements()
    {
        const int n = 1_000_000;
        var sum = await Source.From(Enumerable.Range(0, n)).Async()
            .Select(x => (long)x).Async()
            .Where(_ => true).Async()
            .RunWith(Sink.Aggregate<long, (long Last, bool Ordered)>((-1, true), (acc, x) => (x, acc.Ordered && x == acc.Last + 1)), _mat);
        Assert.Equal((n - 1L, true), sum);
    }

    [Fact]
    public async Task A_throwing_stage_fails_the_completion_task_naming_the_stage()
    {
        var task = Source.From(Enumerable.Range(1, 10))
            .Select(x => x == 5 ? throw new ArgumentException("boom") : x)
            .RunWith(Sink.Ignore<int>(), _mat);
        var ex = await Assert.ThrowsAsync<StreamStageException>(() => task);
        Assert.Contains("select", ex.Message, StringComparison.Ordinal);
        Assert.Contains("boom", ex.Message, StringComparison.Ordinal);
        Assert.IsType<ArgumentException>(ex.InnerException);
    }
}
