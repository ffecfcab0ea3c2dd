using Sluice.Actors;
using Sluice.Graphs.Dsl;
using Sluice.TestKit;
using Sluice.TestKit.Streams;

namespace Sluice.Graphs.Tests.Hosting;

public sealed class ActorHostedStreamTests : ActorTestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_stream_materialized_from_an_actor_system_computes_the_same_result()
    {
        using var mat = Materializer.Create(Sys);
        var result = await Source.From(Enumerable.Range(1, 10_000))
            .Select(x => x * 2).Async()
            .Where(x => x % 3 == 0).Async()
            .RunWith(Sink.Aggregate<int, long>(0, (a, x) => a + x), mat)
            .WaitAsync(Wait);
        Assert.Equal(Enumerable.Range(1, 10_000).Select(x => x * 2L).Where(x => x % 3 == 0).Sum(), result);
    }

    [Fact]
    public async Task Each_island_runs_in_an_actor_under_system_streams_that_stops_when_the_stream_completes()
    {
        using var mat = Materializer.Create(Sys);
        var (probe, done) = TestSource.Probe<int>().Async().Select(x => x + 1).ToMaterialized(Sink.Seq<int>(), Keep.Both).Run(mat);
        probe.ExpectRequest();

        var islands = mat.IslandActors;
        Assert.Equal(2, islands.Count);
        foreach (var island in islands)
        {
            Assert.Matches("^/system/streams-[0-9]+/island-[0-9]+$", island.Path.ToString()[island.Path.ToString().IndexOf("/system", StringComparison.Ordinal)..]);
            Assert.Same(island, await Sys.ActorSelection(island.Path.ToString()).ResolveOne());
            Watch(island);
        }

        probe.SendNext(1).SendNext(2).SendComplete();
        Assert.Equal([2, 3], await done.WaitAsync(Wait));
        var stopped = new HashSet<IActorRef> { ExpectMsg<Terminated>().ActorRef, ExpectMsg<Terminated>().ActorRef };
        Assert.True(stopped.SetEquals(islands));
        AwaitCondition(() => mat.IslandActors.Count == 0);
    }

    [Fact]
    public async Task Terminating_the_actor_system_fails_running_streams_with_abrupt_termination()
    {
        var mat = Materializer.Create(Sys);
        var fused = Source.Repeat(1).RunWith(Sink.Ignore<int>(), mat);
        var (probe, split) = TestSource.Probe<int>().Async().ToMaterialized(Sink.Seq<int>(), Keep.Both).Run(mat);
        probe.ExpectRequest();

        await Sys.Terminate().WaitAsync(Wait);

        var e1 = await Assert.ThrowsAsync<AbruptTerminationException>(() => fused.WaitAsync(Wait));
        var e2 = await Assert.ThrowsAsync<AbruptTerminationException>(() => split.WaitAsync(Wait));
        Assert.Contains("/system/streams-", e1.Message, StringComparison.Ordinal);
        Assert.Contains("/system/streams-", e2.Message, StringComparison.Ordinal);
        Assert.True(mat.IsShutdown);
        Assert.Throws<ObjectDisposedException>(() => { _ = Source.Single(1).RunWith(Sink.Ignore<int>(), mat); });
    }

    [Fact]
    public async Task Shutting_down_an_actor_hosted_materializer_stops_its_island_actors()
    {
        var mat = Materializer.Create(Sys);
        var task = Source.Repeat(1).Async().RunWith(Sink.Ignore<int>(), mat);
        AwaitCondition(() => mat.IslandActors.Count == 2);
        foreach (var island in mat.IslandActors)
        {
            Watch(island);
        }

        mat.Shutdown();
        await Assert.ThrowsAsync<AbruptTerminationException>(() => task.WaitAsync(Wait));
        ExpectMsg<Terminated>();
        ExpectMsg<Terminated>();
    }

    [Fact]
    public async Task A_materializer_cannot_be_created_from_a_terminated_system()
    {
        await Sys.Terminate().WaitAsync(Wait);
        Assert.Throws<InvalidOperationException>(() => Materializer.Create(Sys));
    }
}
