using Microsoft.Extensions.Logging;
using Sluice.Actors.Supervision;
using Sluice.TestKit;
using Xunit;

namespace Sluice.Actors.Tests.Runtime;

public sealed class SupervisionTests : ActorTestKit
{
    private IActorRef ChildOf(IActorRef parent, Props props, string name)
    {
        parent.Tell((props, name), TestActor);
        return ExpectMsg<IActorRef>();
    }

    private IActorRef ParentWith(Func<Exception, Directive> decider, int retries = -1, TimeSpan? window = null) =>
        Sys.ActorOf(Props.Create(() => new Parent(new OneForOneStrategy(retries, window ?? Timeout.InfiniteTimeSpan, decider))));

    [Fact]
    public void Resume_keeps_state_and_drops_only_the_failing_message()
    {
        var parent = ParentWith(_ => Directive.Resume);
        var child = ChildOf(parent, Props.Create(() => new Recorder(TestActor)), "c");
        ExpectMsg("recorder:PreStart");
        child.Tell(1, TestActor);
        child.Tell(new Fail("boom"), TestActor);
        child.Tell(2, TestActor);
        ExpectMsg(1);
        ExpectMsg(2);
        child.Tell(new Get(), TestActor);
        ExpectMsg(2);
    }

    [Fact]
    public void Restart_runs_hooks_resets_state_and_keeps_the_mailbox()
    {
        var parent = ParentWith(_ => Directive.Restart);
        var child = ChildOf(parent, Props.Create(() => new Recorder(TestActor)), "c");
        ExpectMsg("recorder:PreStart");
        child.Tell(1, TestActor);
        child.Tell(new Fail("boom"), TestActor);
        for (var i = 2; i <= 50; i++) child.Tell(i, TestActor);
        ExpectMsg(1);
        ExpectMsg("recorder:PreRestart:boom:Fail { Reason = boom }");
        ExpectMsg("recorder:PostStop");
        ExpectMsg("recorder:PostRestart");
        ExpectMsg("recorder:PreStart");
        for (var i = 2; i <= 50; i++) ExpectMsg(i);
        child.Tell(new Get(), TestActor);
        ExpectMsg(49);
    }

    [Fact]
    public void Stop_directive_stops_the_child()
    {
        var parent = ParentWith(_ => Directive.Stop);
        var child = ChildOf(parent, Props.Create(() => new Recorder(TestActor)), "c");
        ExpectMsg("recorder:PreStart");
        Watch(child);
        child.Tell(new Fail("boom"), TestActor);
        ExpectMsg("recorder:PostStop");
        ExpectTerminated(child);
    }

    [Fact]
    public void Escalate_fails_the_parent_whose_supervisor_restarts_it_and_its_children_stop()
    {
        var parent = ParentWith(_ => Directive.Escalate);
        var child = ChildOf(parent, Props.Create(() => new Recorder(TestActor)), "c");
        ExpectMsg("recorder:PreStart");
        Watch(child);
        Watch(parent);
        child.Tell(new Fail("deep"), TestActor);
        // /user restarts the parent; the parent's default PreRestart stops the child.
        ExpectMsg("recorder:PostStop");
        ExpectTerminated(child);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));   // the parent itself lives on
        parent.Tell((Props.Create<Echo>(), "c"), TestActor);
        ExpectMsg<IActorRef>();
    }

    [Fact]
    public void Restarts_beyond_the_limit_within_the_window_stop_the_child()
    {
        var parent = ParentWith(_ => Directive.Restart, retries: 2, window: TimeSpan.FromMinutes(1));
        var child = ChildOf(parent, Props.Create(() => new Recorder(TestActor)), "c");
        Watch(child);
        for (var i = 0; i < 3; i++) child.Tell(new Fail("again"), TestActor);
        var terminated = FishForMessage<Terminated>(_ => true);
        Assert.Same(child, terminated.ActorRef);
    }

    [Fact]
    public void Exception_in_constructor_stops_the_actor_and_logs_the_cause()
    {
        IActorRef a = null!;
        var entries = ExpectLog(LogLevel.Error, () =>
        {
            a = Sys.ActorOf(Props.Create<Recorder>(() => throw new ArgumentException("bad ctor")), "broken");
            Watch(a);
        }, contains: "failed to start: bad ctor", exceptionType: typeof(ActorInitializationException));
        ExpectTerminated(a);
        Assert.Contains("/user/broken", entries[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exception_in_PreStart_stops_the_actor()
    {
        var a = Sys.ActorOf(Props.Create(() => new FailingStart()));
        Watch(a);
        ExpectTerminated(a);
    }

    private sealed class FailingStart : ActorBase
    {
        protected override void PreStart() => throw new InvalidOperationException("no");
        protected override void Receive(object message) { }
    }

    [Fact]
    public void Kill_fails_the_actor_and_the_default_strategy_stops_it()
    {
        var a = Sys.ActorOf(Props.Create(() => new Recorder(TestActor)));
        ExpectMsg("recorder:PreStart");
        Watch(a);
        a.Tell(Kill.Instance, TestActor);
        ExpectMsg("recorder:PostStop");
        ExpectTerminated(a);
    }

    [Fact]
    public void All_for_one_restarts_every_sibling()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent(new AllForOneStrategy(_ => Directive.Restart))));
        var a = ChildOf(parent, Props.Create(() => new Recorder(TestActor, "a")), "a");
        ExpectMsg("a:PreStart");
        var b = ChildOf(parent, Props.Create(() => new Recorder(TestActor, "b")), "b");
        ExpectMsg("b:PreStart");
        a.Tell(1, TestActor);
        ExpectMsg(1);
        b.Tell(1, TestActor);
        ExpectMsg(1);
        a.Tell(new Fail("x"), TestActor);
        var got = ReceiveN(8).Cast<string>().ToHashSet();
        Assert.Contains("a:PostRestart", got);
        Assert.Contains("b:PostRestart", got);
        b.Tell(new Get(), TestActor);
        ExpectMsg(0);
        a.Tell(new Get(), TestActor);
        ExpectMsg(0);
    }

    [Fact]
    public void Failure_is_logged_with_the_child_path()
    {
        var parent = ParentWith(_ => Directive.Restart);
        var child = ChildOf(parent, Props.Create<Echo>(), "logged");
        var entries = ExpectLog(LogLevel.Error, () => child.Tell(Kill.Instance), contains: "logged");
        Assert.NotNull(entries[0].ActorPath);
    }

    [Fact]
    public void Stash_survives_a_restart_and_is_processed_in_order()
    {
        var a = Sys.ActorOf(Props.Create(() => new Gatekeeper(TestActor)));
        a.Tell(1, TestActor);
        a.Tell(2, TestActor);
        a.Tell(new Fail("restart while stashed"), TestActor);
        a.Tell("open", TestActor);
        ExpectMsg("opened");
        ExpectMsg(1);
        ExpectMsg(2);
    }

    /// <summary>Stashes ints until "open"; a restart puts the stash back in front of the mailbox.</summary>
    private sealed class Gatekeeper(IActorRef probe) : ActorBase
    {
        protected override void Receive(object message)
        {
            switch (message)
            {
                case int: Stash.Stash(); break;
                case Fail f: throw new InvalidOperationException(f.Reason);
                case "open":
                    probe.Tell("opened");
                    Context.Become(m => probe.Tell(m));
                    Stash.UnstashAll();
                    break;
            }
        }
    }
}
