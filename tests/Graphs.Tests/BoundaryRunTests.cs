using Sluice.Graphs.Control;
using Sluice.Graphs.Dsl;
using Sluice.TestKit.Streams;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests;

/// <summary>
/// A boundary stage whose neighbour answers at once (a source pushing on each pull, a sink pulling on each push) takes
/// a run of elements in one interpreter event: the run stops where the event loop would have done something else.
/// </summary>
public sealed class BoundaryRunTests(ITestOutputHelper output) : StreamTest
{
    [Theory]
    [InlineData(1, 1, 2)]
    [InlineData(2, 1, 8)]
    [InlineData(7, 4, 16)]
    [InlineData(1000, 16, 1024)]
    public async Task Runs_cut_by_any_slice_budget_lose_reorder_and_repeat_nothing(int syncProcessingLimit, int initial, int max)
    {
        // Every kind of island: source into a boundary, a boundary straight into another, fused and unfused stages
        // between boundaries, a boundary into the sink; stalls on both sides; the budget cuts runs anywhere.
        const int n = 40_000;
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}, sync limit {syncProcessingLimit}, buffer ({initial}, {max})");
        var buffer = StageAttributes.InputBuffer(initial, max);
        using var mat = Materializer.Create(new MaterializerSettings { SyncProcessingLimit = syncProcessingLimit });
        var result = await Source.From(Enumerable.Range(0, n)).Select(AsyncBoundaryTests.Stall<int>(seed)).Async()
            .Via(Flow.Create<int>().WithAttributes(buffer)).Async()
            .Where(x => x % 3 != 0).WithAttributes(buffer).Async()
            .Via(Flow.Create<int>().Select(x => x * 2).Named("doubled").WithAttributes(buffer)).Async()
            .Select(AsyncBoundaryTests.Stall<int>(seed + 1)).WithAttributes(buffer).Async()
            .RunWith(Sink.Seq<int>().WithAttributes(buffer), mat)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(0, n).Where(x => x % 3 != 0).Select(x => x * 2), result);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_kill_switch_reaches_an_island_that_a_boundary_runs_without_pause(bool upstreamOfTheBoundary)
    {
        // Elements flow without pause (downstream keeps granting credit), so a boundary's run of elements would never
        // end on its own: the slice budget ends it, and the kill switch's callback gets its turn, on either side.
        var source = Source.Repeat(1);
        var (killSwitch, done) = (upstreamOfTheBoundary
                ? source.ViaMaterialized(KillSwitches.Single<int>(), Keep.Right).Async()
                : source.Async().ViaMaterialized(KillSwitches.Single<int>(), Keep.Right))
            .ToMaterialized(Sink.Ignore<int>(), Keep.Both)
            .Run(Mat);
        await Task.Yield();
        killSwitch.Shutdown();
        await done.WaitAsync(Wait);
    }

    [Fact]
    public async Task Take_behind_a_boundary_stops_an_endless_source_after_exactly_its_elements()
    {
        var result = await Source.From(Enumerable.Range(0, int.MaxValue)).Async()
            .Take(10_000)
            .RunWith(Sink.Seq<int>(), Mat)
            .WaitAsync(Wait);
        Assert.Equal(Enumerable.Range(0, 10_000), result);
    }

    [Fact]
    public async Task A_sink_failing_during_a_run_is_blamed_after_exactly_the_elements_before()
    {
        var seen = new List<int>();
        var task = Source.From(Enumerable.Range(1, 100_000)).Async()
            .RunWith(Sink.ForEach<int>(x =>
            {
                if (x == 5_000)
                {
                    throw new InvalidOperationException("at 5000");
                }

                seen.Add(x);
            }).Named("collect"), Mat);
        var ex = await Assert.ThrowsAsync<StreamStageException>(() => task.WaitAsync(Wait));
        Assert.Equal("at 5000", ex.InnerException!.Message);
        Assert.Equal(Enumerable.Range(1, 4_999), seen);
    }

    [Fact]
    public void Completion_reaches_downstream_without_demand_once_every_element_was_delivered()
    {
        var (up, down) = TestSource.Probe<int>().Async()
            .ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.Request(3);
        up.ExpectRequest();
        up.SendNext(1).SendNext(2).SendNext(3).SendComplete();
        down.ExpectNext(1, 2, 3).ExpectComplete();
    }

    [Fact]
    public void Failure_reaches_downstream_without_demand_once_every_element_was_delivered()
    {
        var (up, down) = TestSource.Probe<int>().Async()
            .ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.Request(2);
        up.ExpectRequest();
        up.SendNext(1).SendNext(2).SendError(new InvalidOperationException("boom"));
        down.ExpectNext(1, 2);
        Assert.Equal("boom", down.ExpectError().Message);
    }
}
