using Sluice.TestKit;
using Xunit;

namespace Sluice.Actors.Tests.Runtime;

public sealed class DeathWatchTests : ActorTestKit
{
    [Fact]
    public void Watching_an_already_dead_actor_delivers_Terminated_at_once()
    {
        var a = Sys.ActorOf(Props.Create<Echo>());
        Watch(a);
        Sys.Stop(a);
        ExpectTerminated(a);
        var probe = CreateTestProbe();
        probe.Watch(a);
        var t = probe.ExpectTerminated(a);
        Assert.False(t.ExistenceConfirmed);
    }

    [Fact]
    public void Actor_watching_another_gets_Terminated_or_its_custom_message()
    {
        var target = Sys.ActorOf(Props.Create<Echo>());
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(target, TestActor, "gone")));
        ExpectMsg("watching");
        Sys.Stop(target);
        ExpectMsg("gone");
    }

    private sealed class Watcher(IActorRef target, IActorRef probe, object custom) : ActorBase
    {
        protected override void PreStart()
        {
            Context.WatchWith(target, custom);
            probe.Tell("watching");
        }

        protected override void Receive(object message) => probe.Tell(message);
    }

    [Fact]
    public void Unwatch_discards_a_Terminated_already_on_its_way()
    {
        var target = Sys.ActorOf(Props.Create<Echo>());
        var a = Sys.ActorOf(Props.Create(() => new UnwatchRacer(target, TestActor)));
        a.Tell("go", TestActor);
        ExpectMsg("done");
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    private sealed class UnwatchRacer(IActorRef target, IActorRef probe) : ActorBase
    {
        protected override void Receive(object message)
        {
            switch (message)
            {
                case "go":
                    Context.Watch(target);
                    Context.Stop(target);
                    // Block until the target is dead, so its Terminated is surely queued behind this message.
                    SpinWait.SpinUntil(() => ((Sluice.Actors.Runtime.InternalActorRef)target).IsTerminated, TimeSpan.FromSeconds(5));
                    Context.Unwatch(target);
                    probe.Tell("done");
                    break;
                case Terminated t:
                    probe.Tell(t);
                    break;
            }
        }
    }

    [Fact]
    public void Unhandled_Terminated_is_a_death_pact_that_stops_the_watcher()
    {
        var target = Sys.ActorOf(Props.Create<Echo>());
        var pact = Sys.ActorOf(Props.Create(() => new PactKeeper(target)));
        pact.Tell("ready?", TestActor);
        ExpectMsg("ready");
        Watch(pact);
        Sys.Stop(target);
        ExpectTerminated(pact);
    }

    private sealed class PactKeeper(IActorRef target) : ActorBase
    {
        protected override void PreStart() => Context.Watch(target);

        protected override void Receive(object message)
        {
            if (message is "ready?") Sender.Tell("ready");
            else Unhandled(message);
        }
    }

    [Fact]
    public void Many_watchers_racing_a_stop_each_get_exactly_one_Terminated()
    {
        for (var round = 0; round < 20; round++)
        {
            var target = Sys.ActorOf(Props.Create<Echo>());
            var probes = Enumerable.Range(0, 10).Select(_ => CreateTestProbe()).ToArray();
            var watchers = new Thread(() => Parallel.ForEach(probes, p => p.Watch(target)));
            watchers.Start();
            Sys.Stop(target);
            watchers.Join();
            foreach (var p in probes)
            {
                p.ExpectTerminated(target);
                p.ExpectNoMsg(TimeSpan.FromMilliseconds(5));
            }
        }
    }

    [Fact]
    public void Parent_stops_after_its_children_and_PostStop_runs_bottom_up()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Tree(TestActor, "root", 2)));
        ExpectMsg("root.0.0:started");
        Watch(parent);
        Sys.Stop(parent);
        var stops = ReceiveN(4).Cast<string>().ToList();
        Assert.Equal("root:stopped", stops[^1]);
        Assert.True(stops.IndexOf("root.0.0:stopped") < stops.IndexOf("root.0:stopped"));
        ExpectTerminated(parent);
    }

    private sealed class Tree(IActorRef probe, string name, int depth) : ActorBase
    {
        protected override void PreStart()
        {
            if (depth > 0)
            {
                Context.ActorOf(Props.Create(() => new Tree(probe, name + ".0", depth - 1)), "c0");
                if (depth == 2) Context.ActorOf(Props.Create(() => new Tree(probe, name + ".1", 0)), "c1");
            }
            else if (name == "root.0.0")
            {
                probe.Tell(name + ":started");
            }
        }

        protected override void PostStop() => probe.Tell(name + ":stopped");
        protected override void Receive(object message) { }
    }
}
