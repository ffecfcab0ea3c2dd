using Sluice.Actors.Supervision;
using Sluice.TestKit;
using Xunit;

namespace Sluice.Actors.Tests.Runtime;

public sealed class BackoffSupervisorTests() : ActorTestKit(virtualTime: true)
{
    private sealed class Child(IActorRef probe) : ActorBase
    {
        protected override void PreStart() => probe.Tell("started");

        protected override void Receive(object message)
        {
            switch (message)
            {
                case "crash": throw new InvalidOperationException("crash");
                case "stop": Context.Stop(Self); break;
                default: probe.Tell(message); break;
            }
        }
    }

    [Fact]
    public void On_stop_restarts_the_child_after_exponential_delays()
    {
        var options = BackoffOptions.OnStop(Props.Create(() => new Child(TestActor)), "child", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0) with { ResetAfter = null };
        var sup = Sys.ActorOf(BackoffSupervisor.Props(options));
        ExpectMsg("started");
        var delays = new[] { 1, 2, 4, 8, 10, 10 };
        foreach (var seconds in delays)
        {
            sup.Tell("stop", TestActor);
            AwaitAssert(() => Assert.Null(sup.Ask<BackoffSupervisor.CurrentChild>(BackoffSupervisor.GetCurrentChild.Instance, TimeSpan.FromSeconds(3)).Result.Ref));
            Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
            ExpectNoMsg(TimeSpan.FromMilliseconds(30));
            Advance(TimeSpan.FromMilliseconds(1));
            ExpectMsg("started");
        }
        sup.Tell("hello", TestActor);
        ExpectMsg("hello");
    }

    [Fact]
    public void On_failure_restarts_after_exceptions_but_not_after_a_normal_stop()
    {
        var options = BackoffOptions.OnFailure(Props.Create(() => new Child(TestActor)), "child", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0);
        var sup = Sys.ActorOf(BackoffSupervisor.Props(options));
        ExpectMsg("started");
        Watch(sup);
        sup.Tell("crash", TestActor);
        AwaitAssert(() => Assert.Equal(1, sup.Ask<BackoffSupervisor.RestartCount>(BackoffSupervisor.GetRestartCount.Instance, TimeSpan.FromSeconds(3)).Result.Count));
        Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("started");
        sup.Tell("stop", TestActor);
        ExpectTerminated(sup);
    }

    [Fact]
    public void Running_long_enough_resets_the_restart_count()
    {
        var options = BackoffOptions.OnStop(Props.Create(() => new Child(TestActor)), "child", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 0) with { ResetAfter = TimeSpan.FromSeconds(30) };
        var sup = Sys.ActorOf(BackoffSupervisor.Props(options));
        ExpectMsg("started");
        sup.Tell("stop", TestActor);
        AwaitAssert(() => Assert.Equal(1, sup.Ask<BackoffSupervisor.RestartCount>(BackoffSupervisor.GetRestartCount.Instance, TimeSpan.FromSeconds(3)).Result.Count));
        Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("started");
        Advance(TimeSpan.FromSeconds(30));
        AwaitAssert(() => Assert.Equal(0, sup.Ask<BackoffSupervisor.RestartCount>(BackoffSupervisor.GetRestartCount.Instance, TimeSpan.FromSeconds(3)).Result.Count));
    }

    [Fact]
    public void Jitter_adds_at_most_the_random_factor()
    {
        var options = BackoffOptions.OnStop(Props.Create(() => new Child(TestActor)), "c", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(100), 0.5);
        Assert.Equal(TimeSpan.FromSeconds(4), options.DelayFor(2, 0));
        Assert.Equal(TimeSpan.FromSeconds(6), options.DelayFor(2, 1));
        Assert.Equal(TimeSpan.FromSeconds(100), options.DelayFor(20, 1));
    }
}
