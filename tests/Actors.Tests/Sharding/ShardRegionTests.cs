using Sluice.Actors.Sharding;
using Sluice.TestKit;
using Xunit;

namespace Sluice.Actors.Tests.Sharding;

public sealed class ShardRegionTests : ActorTestKit
{
    private readonly TestProbe _life;

    public ShardRegionTests() => _life = CreateTestProbe("life");

    private IActorRef StartRegion(string typeName = "counter", IMessageExtractor? extractor = null) =>
        ClusterSharding.Get(Sys).Start(typeName, id => Props.Create(() => new TestEntity(id, _life.Ref)), extractor);

    [Fact]
    public void Routes_an_envelope_to_the_entity_it_names_and_starts_it_on_the_first_message()
    {
        var region = StartRegion();
        region.Tell(new ShardEnvelope("a", "hello"), TestActor);
        Assert.Equal("a", _life.ExpectMsg<Started>().Id);
        var reply = ExpectMsg<Reply>();
        Assert.Equal(("a", "hello", 1), (reply.Id, reply.Message, reply.Count));
    }

    [Fact]
    public void The_same_id_reaches_the_same_entity_and_other_ids_other_entities()
    {
        var region = StartRegion();
        region.Tell(new ShardEnvelope("a", 1), TestActor);
        region.Tell(new ShardEnvelope("b", 2), TestActor);
        region.Tell(new ShardEnvelope("a", 3), TestActor);
        var replies = ReceiveN(3).Cast<Reply>().ToArray();
        var a = replies.Where(r => r.Id == "a").ToArray();
        Assert.Equal([1, 2], a.Select(r => r.Count));
        Assert.Equal([1, 3], a.Select(r => (int)r.Message));
        Assert.Same(a[0].Entity, a[1].Entity);
        Assert.NotSame(a[0].Entity, replies.Single(r => r.Id == "b").Entity);
    }

    [Fact]
    public void Shard_ids_are_a_stable_hash_of_the_entity_id()
    {
        var extractor = new HashMessageExtractor(64);
        Assert.Equal("7", extractor.ShardId("hello")); // Murmur3("hello") = 0x248bfa47, % 64 = 7, in every process
        Assert.Equal(extractor.ShardId("user-42"), new HashMessageExtractor(64).ShardId("user-42"));
        Assert.Equal("0", new HashMessageExtractor(1).ShardId("anything"));
    }

    private sealed class OrderExtractor() : HashMessageExtractor(4)
    {
        public override string? EntityId(object message) => message is (string order, string) ? order : base.EntityId(message);

        public override object EntityMessage(object message) => message is (string, string body) ? body : base.EntityMessage(message);
    }

    [Fact]
    public void A_custom_extractor_reads_the_entity_id_from_the_message()
    {
        var region = StartRegion("orders", new OrderExtractor());
        region.Tell(("order-1", "pay"), TestActor);
        var reply = ExpectMsg<Reply>();
        Assert.Equal(("order-1", "pay"), (reply.Id, reply.Message));
    }

    [Fact]
    public void Messages_without_an_entity_id_go_to_dead_letters()
    {
        var region = StartRegion();
        region.Tell("no envelope", TestActor);
        ExpectNoMsg();
        _life.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Entity_ids_with_characters_actor_names_forbid_still_work()
    {
        var region = StartRegion();
        region.Tell(new ShardEnvelope("$a/b c#?*", "x"), TestActor);
        Assert.Equal("$a/b c#?*", ExpectMsg<Reply>().Id);
    }

    [Fact]
    public void A_passivating_entity_buffers_its_messages_and_restarts_to_take_them()
    {
        var region = StartRegion();
        region.Tell(new ShardEnvelope("a", "first"), TestActor);
        var first = _life.ExpectMsg<Started>().Entity;
        ExpectMsg<Reply>();

        region.Tell(new ShardEnvelope("a", "passivate"), TestActor);
        _life.ExpectMsg<GotStop>();
        region.Tell(new ShardEnvelope("a", "m1"), TestActor);
        region.Tell(new ShardEnvelope("a", "m2"), TestActor);
        ExpectNoMsg(); // buffered while the entity stops

        first.Tell("really-stop", TestActor);
        _life.ExpectMsg<Stopped>();
        var second = _life.ExpectMsg<Started>().Entity;
        Assert.NotSame(first, second);
        var m1 = ExpectMsg<Reply>();
        var m2 = ExpectMsg<Reply>();
        Assert.Equal(("m1", 1, "m2", 2), (m1.Message, m1.Count, m2.Message, m2.Count)); // a new incarnation, in order
    }

    [Fact]
    public void A_passivated_entity_without_buffered_messages_stays_stopped_until_its_next_message()
    {
        var region = StartRegion();
        region.Tell(new ShardEnvelope("a", "passivate"), TestActor);
        var first = _life.ExpectMsg<Started>().Entity;
        _life.ExpectMsg<GotStop>();
        first.Tell("really-stop", TestActor);
        _life.ExpectMsg<Stopped>();
        _life.ExpectNoMsg();
        region.Tell(new ShardEnvelope("a", "again"), TestActor);
        _life.ExpectMsg<Started>();
        Assert.Equal(1, ExpectMsg<Reply>().Count);
    }

    [Fact]
    public async Task Region_state_lists_the_shards_and_their_entities()
    {
        var region = StartRegion();
        Assert.Empty((await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(3))).Shards);
        var extractor = new HashMessageExtractor(ClusterSharding.Get(Sys).Settings.NumberOfShards);
        string[] ids = ["a", "b", "c", "hello"];
        foreach (var id in ids) region.Tell(new ShardEnvelope(id, "x"), TestActor);
        ReceiveN(ids.Length);

        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(3));

        var expected = ids.GroupBy(extractor.ShardId).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, string.Join(",", g.Order(StringComparer.Ordinal))));
        Assert.Equal(expected, state.Shards.Select(s => (s.ShardId, string.Join(",", s.EntityIds))));
    }

    [Fact]
    public void Graceful_shutdown_stops_every_entity_then_the_region()
    {
        var sharding = ClusterSharding.Get(Sys);
        var region = StartRegion();
        region.Tell(new ShardEnvelope("a", "x"), TestActor);
        region.Tell(new ShardEnvelope("b", "x"), TestActor);
        ReceiveN(2);
        Watch(region);

        region.Tell(GracefulShutdown.Instance, TestActor);

        var stopped = new[] { _life.FishForMessage<Stopped>(_ => true), _life.FishForMessage<Stopped>(_ => true) };
        Assert.Equal(["a", "b"], stopped.Select(s => s.Id).Order(StringComparer.Ordinal));
        ExpectTerminated(region);
        AwaitAssert(() => Assert.Empty(sharding.TypeNames));
        var restarted = StartRegion();
        Assert.NotSame(region, restarted);
        restarted.Tell(new ShardEnvelope("a", "y"), TestActor);
        Assert.Equal(1, ExpectMsg<Reply>().Count);
    }

    [Fact]
    public void Starting_a_running_type_returns_its_region_and_unknown_types_are_refused()
    {
        var region = StartRegion();
        Assert.Same(region, StartRegion());
        Assert.Same(region, ClusterSharding.Get(Sys).ShardRegion("counter"));
        var error = Assert.Throws<InvalidOperationException>(() => ClusterSharding.Get(Sys).ShardRegion("nope"));
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }
}
