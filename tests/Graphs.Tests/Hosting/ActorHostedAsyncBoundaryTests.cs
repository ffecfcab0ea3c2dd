using Sluice.Actors;
using Sluice.Graphs.Dsl;
using Sluice.TestKit;
using Sluice.TestKit.Streams;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests.Hosting;

/// <summary>The batched async boundary between islands that run in actors (Materializer.Create(ActorSystem)).</summary>
public sealed class ActorHostedAsyncBoundaryTests(ITestOutputHelper output) : ActorTestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Elements_cross_actor_hosted_islands_with_random_stalls_in_order_and_exactly_once()
    {
        const int n = 30_000;
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        using var mat = Materializer.Create(Sys);
        var buffer = StageAttributes.InputBuffer(2, 8);
        var (count, last, ordered) = await Source.From(Enumerable.Range(0, n)).Async()
            .Select(x =>
            {
                if (random.Next(100) == 0)
                {
                    Thread.SpinWait(random.Next(1, 3000));
                }

                return (long)x;
            }).WithAttributes(buffer).Async()
            .Where(_ => true).WithAttributes(buffer).Async()
            .RunWith(
                Sink.Aggregate<long, (int Count, long Last, bool Ordered)>(
                    (0, -1, true), (acc, x) => (acc.Count + 1, x, acc.Ordered && x == acc.Last + 1)).WithAttributes(buffer),
                mat)
            .WaitAsync(Wait);
        Assert.Equal(n, count);
        Assert.Equal(n - 1L, last);
        Assert.True(ordered, $"out of order (seed {seed})");
    }

    [Fact]
    public async Task Stopping_the_upstream_island_actor_fails_the_downstream_island_with_abrupt_termination()
    {
        using var mat = Materializer.Create(Sys);
        var (probe, done) = TestSource.Probe<int>().Async().ToMaterialized(Sink.Seq<int>(), Keep.Both).Run(mat);
        probe.ExpectRequest();
        probe.SendNext(1);

        // Islands start in order: the sink's (the outer graph) first, then the source's.
        Sys.Stop(Islands(mat)[1]);
        await Assert.ThrowsAsync<AbruptTerminationException>(() => done.WaitAsync(Wait));
    }

    [Fact]
    public void Stopping_the_downstream_island_actor_cancels_the_upstream_island()
    {
        using var mat = Materializer.Create(Sys);
        var (probe, _) = TestSource.Probe<int>().Async().ToMaterialized(Sink.Seq<int>(), Keep.Both).Run(mat);
        probe.ExpectRequest();
        Sys.Stop(Islands(mat)[0]);
        Assert.IsType<AbruptTerminationException>(probe.ExpectCancellation());
    }

    private IActorRef[] Islands(Materializer mat)
    {
        AwaitCondition(() => mat.IslandActors.Count == 2);
        return [.. mat.IslandActors.OrderBy(a => int.Parse(a.Path.Name["island-".Length..], System.Globalization.CultureInfo.InvariantCulture))];
    }
}
