using Sluice.Graphs.Control;
using Sluice.Graphs.Dsl;
using Sluice.Graphs.Fusing;
using Sluice.Graphs.Materialization;
using Sluice.Graphs.Stage;
using Sluice.Graphs.Supervision;
using Sluice.TestKit.Streams;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests;

/// <summary>
/// An async boundary leading straight into a plain Select or Where runs that stage's step in its downstream half
/// (FusedInputBoundary): same elements, same order, same supervision and failures as the separate stage.
/// </summary>
public sealed class FusedBoundaryTests(ITestOutputHelper output) : StreamTest
{
    [Fact]
    public void A_plain_select_or_where_behind_a_boundary_takes_the_place_of_the_boundary_in_its_island()
    {
        var graph = Source.From(Enumerable.Range(0, 10)).Async()
            .Select(x => x + 1).Async()
            .Where(x => x > 0).Async()
            .Via(Flow.Create<int>().Select(x => x * 2).Named("doubled")).Async()
            .To(Sink.Ignore<int>());
        var (_, shells) = new GraphMaterializer(Mat).Materialize(((IGraph<ClosedShape, NotUsed>)graph).Module);
        var kinds = shells.Select(s => string.Join(",", s.Interpreter.Logics.Select(l => l.GetType().Name.Split('`')[0]))).ToList();

        // The named stage keeps its own logic (and its name in failures): only plain stages fuse.
        output.WriteLine(string.Join(" | ", kinds));
        Assert.Equal(5, kinds.Count);
        Assert.Equal(2, kinds.Count(k => k == "FusedInputBoundary,OutputBoundary"));
        Assert.Equal(1, kinds.Count(k => k == "Logic,InputBoundary,OutputBoundary"));
        Assert.DoesNotContain(kinds, k => k.Contains("FusedInputBoundary", StringComparison.Ordinal) && k.Contains("Logic", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 8)]
    [InlineData(16, 64)]
    [InlineData(16, 1024)]
    public async Task Filters_and_maps_behind_many_boundaries_with_random_stalls_lose_and_repeat_nothing(int initial, int max)
    {
        const int n = 50_000;
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}, buffer ({initial}, {max})");
        var buffer = StageAttributes.InputBuffer(initial, max);

        // Runs of up to 1,000 dropped elements (more than one pull may skip), and stalls on both sides of each ring.
        static bool Kept(int x) => x % 2000 < 1000 || x % 7 == 0;
        var result = await Source.From(Enumerable.Range(0, n)).Async()
            .Where(Kept).WithAttributes(buffer).Async()
            .Select(AsyncBoundaryTests.Stall<int>(seed + 1)).WithAttributes(buffer).Async()
            .Select(x => (long)x * 3).WithAttributes(buffer).Async()
            .Where(x => x % 2 == 0).WithAttributes(buffer).Async()
            .Select(AsyncBoundaryTests.Stall<long>(seed + 2)).WithAttributes(buffer).Async()
            .Select(x => x / 3).WithAttributes(buffer).Async()
            .RunWith(Sink.Seq<long>().WithAttributes(buffer), Mat)
            .WaitAsync(TimeSpan.FromSeconds(30));
        var expected = Enumerable.Range(0, n).Where(Kept).Select(x => (long)x * 3).Where(x => x % 2 == 0).Select(x => x / 3);
        Assert.Equal(expected, result);
    }

    [Fact]
    public async Task A_where_behind_a_boundary_that_drops_everything_completes_the_stream()
    {
        var result = await Source.From(Enumerable.Range(0, 100_000)).Async()
            .Where(_ => false).Async()
            .RunWith(Sink.Seq<int>(), Mat)
            .WaitAsync(Wait);
        Assert.Empty(result);
    }

    [Fact]
    public async Task A_kill_switch_stops_a_stream_whose_fused_where_drops_every_element()
    {
        // The fused stage skips at most a few hundred elements per pull, so the kill switch's callback gets its turn.
        var (killSwitch, done) = Source.Repeat(1).Async()
            .Where(_ => false).ViaMaterialized(KillSwitches.Single<int>(), Keep.Right)
            .ToMaterialized(Sink.Ignore<int>(), Keep.Both)
            .Run(Mat);
        killSwitch.Shutdown();
        await done.WaitAsync(Wait);
    }

    [Fact]
    public async Task The_resume_decider_of_a_select_behind_a_boundary_drops_only_the_failing_elements()
    {
        var result = await Source.From(Enumerable.Range(1, 1000)).Async()
            .Select(x => x % 100 == 0 ? throw new InvalidOperationException($"at {x}") : x)
            .WithAttributes(StageAttributes.Supervision(Deciders.Resuming))
            .RunWith(Sink.Seq<int>(), Mat)
            .WaitAsync(Wait);
        Assert.Equal(Enumerable.Range(1, 1000).Where(x => x % 100 != 0), result);
    }

    [Fact]
    public void A_select_behind_a_boundary_that_fails_fails_downstream_and_cancels_upstream_with_its_failure()
    {
        var (up, down) = TestSource.Probe<int>().Async()
            .Select(x => 10 / x)
            .ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.Request(10);
        up.SendNext(5).SendNext(0);
        down.ExpectNext(2);
        var failure = Assert.IsType<StreamStageException>(down.ExpectError());
        Assert.Equal("select", failure.StageName);
        Assert.IsType<DivideByZeroException>(failure.InnerException);
        Assert.Same(failure, up.ExpectCancellation());
    }

    [Fact]
    public async Task A_named_stage_behind_a_boundary_is_blamed_by_its_name()
    {
        var task = Source.From(Enumerable.Range(1, 10)).Async()
            .Via(Flow.Create<int>().Where(x => x == 5 ? throw new InvalidOperationException("five") : true).Named("no-fives"))
            .RunWith(Sink.Seq<int>(), Mat);
        var ex = await Assert.ThrowsAsync<StreamStageException>(() => task.WaitAsync(Wait));
        Assert.Equal("no-fives", ex.StageName);
    }

    [Fact]
    public void Downstream_cancelling_a_fused_boundary_cancels_upstream()
    {
        var (up, down) = TestSource.Probe<int>().Async()
            .Where(x => x > 0)
            .ToMaterialized(TestSink.Probe<int>(), Keep.Both).Run(Mat);
        down.Request(1);
        up.SendNext(-1).SendNext(7);
        down.ExpectNext(7);
        down.Cancel();
        Assert.Null(up.ExpectCancellation());
    }
}
