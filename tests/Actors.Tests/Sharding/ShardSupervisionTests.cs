using Microsoft.Extensions.Logging;
using Sluice.Actors.Sharding;
using Sluice.TestKit;
using Xunit;

namespace Sluice.Actors.Tests.Sharding;

/// <summary>Idle passivation and restarts after failures, on virtual time.</summary>
public sealed class ShardSupervisionTests() : ActorTestKit(virtualTime: true)
{
    private IActorRef StartRegion(TestProbe life, TimeSpan? idle) =>
        ClusterSharding.Get(Sys).Start(
            "entity",
            id => Props.Create(() => new TestEntity(id, life.Ref)),
            settings: ClusterSharding.Get(Sys).Settings with
            {
                PassivateIdleAfter = idle,
                RestartMinBackoff = TimeSpan.FromSeconds(1),
                RestartMaxBackoff = TimeSpan.FromSeconds(4),
                RestartRandomFactor = 0,
            });

    [Fact]
    public void An_idle_entity_is_passivated_and_starts_again_on_its_next_message()
    {
        var life = CreateTestProbe();
        var region = StartRegion(life, TimeSpan.FromSeconds(10));
        region.Tell(new ShardEnvelope("a", "x"), TestActor);
        life.ExpectMsg<Started>();
        ExpectMsg<Reply>();

        Advance(TimeSpan.FromSeconds(5));
        life.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("a", life.ExpectMsg<Stopped>().Id);

        region.Tell(new ShardEnvelope("a", "y"), TestActor);
        life.ExpectMsg<Started>();
        Assert.Equal(1, ExpectMsg<Reply>().Count);
    }

    [Fact]
    public void With_passivation_off_an_idle_entity_lives_on()
    {
        var life = CreateTestProbe();
        var region = StartRegion(life, idle: null);
        region.Tell(new ShardEnvelope("a", "x"), TestActor);
        life.ExpectMsg<Started>();
        ExpectMsg<Reply>();
        Advance(TimeSpan.FromHours(1));
        life.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        region.Tell(new ShardEnvelope("a", "y"), TestActor);
        Assert.Equal(2, ExpectMsg<Reply>().Count);
    }

    [Fact]
    public void A_failed_entity_restarts_after_a_growing_backoff_and_gets_the_messages_sent_meanwhile()
    {
        var life = CreateTestProbe();
        var region = StartRegion(life, idle: null);
        region.Tell(new ShardEnvelope("a", "x"), TestActor);
        life.ExpectMsg<Started>();
        ExpectMsg<Reply>();

        foreach (var seconds in new[] { 1, 2, 4, 4 })
        {
            ExpectLog(LogLevel.Information, () => region.Tell(new ShardEnvelope("a", "crash"), TestActor), contains: $"starts again in {seconds * 1000} ms");
            life.ExpectMsg<Stopped>();
            region.Tell(new ShardEnvelope("a", "during backoff"), TestActor);
            Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
            life.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
            ExpectNoMsg(TimeSpan.Zero);
            Advance(TimeSpan.FromMilliseconds(1));
            life.ExpectMsg<Started>();
            var reply = ExpectMsg<Reply>();
            Assert.Equal(("during backoff", 1), (reply.Message, reply.Count));
        }
    }
}
