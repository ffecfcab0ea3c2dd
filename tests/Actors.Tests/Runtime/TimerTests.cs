using Sluice.Actors.Scheduling;
using Sluice.TestKit;
using Xunit;

namespace Sluice.Actors.Tests.Runtime;

public sealed class TimerTests() : ActorTestKit(virtualTime: true)
{
    private sealed record Start(object Key, string Message, TimeSpan Delay, bool Periodic);
    private sealed record CancelTimer(object Key);

    private sealed class TimerUser(IActorRef probe) : ActorBase
    {
        protected override void Receive(object message)
        {
            switch (message)
            {
                case Start s when s.Periodic: Timers.StartPeriodicTimer(s.Key, s.Message, s.Delay); probe.Tell("started"); break;
                case Start s: Timers.StartSingleTimer(s.Key, s.Message, s.Delay); probe.Tell("started"); break;
                case CancelTimer c: Timers.Cancel(c.Key); probe.Tell("cancelled"); break;
                case "active?": probe.Tell(Timers.IsTimerActive("k")); break;
                case "fail": throw new InvalidOperationException("restart me");
                default: probe.Tell(message); break;
            }
        }
    }

    [Fact]
    public void Single_timer_fires_once_when_virtual_time_reaches_it()
    {
        var a = Sys.ActorOf(Props.Create(() => new TimerUser(TestActor)));
        a.Tell(new Start("k", "tick", TimeSpan.FromSeconds(10), false), TestActor);
        ExpectMsg("started");
        Advance(TimeSpan.FromSeconds(9));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("tick");
        Advance(TimeSpan.FromMinutes(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        a.Tell("active?", TestActor);
        ExpectMsg(false);
    }

    [Fact]
    public void Periodic_timer_fires_every_interval_until_cancelled()
    {
        var a = Sys.ActorOf(Props.Create(() => new TimerUser(TestActor)));
        a.Tell(new Start("k", "tick", TimeSpan.FromSeconds(1), true), TestActor);
        ExpectMsg("started");
        Advance(TimeSpan.FromSeconds(3.5));
        Assert.Equal(["tick", "tick", "tick"], ReceiveN(3));
        a.Tell(new CancelTimer("k"), TestActor);
        ExpectMsg("cancelled");
        Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Restarting_a_timer_with_the_same_key_replaces_it()
    {
        var a = Sys.ActorOf(Props.Create(() => new TimerUser(TestActor)));
        a.Tell(new Start("k", "first", TimeSpan.FromSeconds(1), false), TestActor);
        ExpectMsg("started");
        a.Tell(new Start("k", "second", TimeSpan.FromSeconds(2), false), TestActor);
        ExpectMsg("started");
        Advance(TimeSpan.FromSeconds(5));
        ExpectMsg("second");
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Timers_are_cancelled_on_restart()
    {
        var a = Sys.ActorOf(Props.Create(() => new TimerUser(TestActor)));
        a.Tell(new Start("k", "tick", TimeSpan.FromSeconds(1), true), TestActor);
        ExpectMsg("started");
        a.Tell("fail", TestActor);
        a.Tell("after", TestActor);
        ExpectMsg("after");
        Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Receive_timeout_fires_after_idleness_and_is_reset_by_messages()
    {
        var a = Sys.ActorOf(Props.Create(() => new Idle(TestActor)));
        ExpectMsg("armed");
        Advance(TimeSpan.FromSeconds(4));
        a.Tell("ping", TestActor);
        ExpectMsg("ping");
        a.Tell(new Sync(), TestActor);     // processed only after "ping" re-armed the timeout; does not re-arm it
        ExpectMsg<Sync>();
        Advance(TimeSpan.FromSeconds(4));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Advance(TimeSpan.FromSeconds(1));
        ExpectMsg(ReceiveTimeout.Instance);
        a.Tell(new Sync(), TestActor);         // processed after the timeout re-armed itself
        ExpectMsg<Sync>();
        Advance(TimeSpan.FromSeconds(5));      // it keeps firing while the actor stays idle
        ExpectMsg(ReceiveTimeout.Instance);
    }

    private sealed record Sync : INotInfluenceReceiveTimeout;

    private sealed class Idle(IActorRef probe) : ActorBase
    {
        protected override void PreStart()
        {
            Context.SetReceiveTimeout(TimeSpan.FromSeconds(5));
            probe.Tell("armed");
        }

        protected override void Receive(object message) => probe.Tell(message);
    }

    [Fact]
    public void Scheduler_tells_once_and_repeatedly_and_cancels()
    {
        var once = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), TestActor, "once", null);
        var repeated = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TestActor, "again", null);
        Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["again", "once", "again"], ReceiveN(3));
        repeated.Cancel();
        Assert.True(repeated.IsCancellationRequested);
        Advance(TimeSpan.FromSeconds(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(TimeSpan.FromSeconds(7), Time!.Elapsed);
        _ = once;
    }

    [Fact]
    public async Task Ask_timeout_names_the_target_and_the_timeout()
    {
        var silent = Sys.ActorOf(Props.Create(() => new TimerUser(CreateTestProbe().Ref)), "silent");
        var task = silent.Ask<string>("hello?", TimeSpan.FromSeconds(3));
        Advance(TimeSpan.FromSeconds(3));
        var e = await Assert.ThrowsAsync<AskTimeoutException>(() => task);
        Assert.Equal("Ask to sluice://TimerTests/user/silent timed out after 3000 ms: no reply arrived. Check that the actor is alive and replies to Sender, or pass a longer timeout.", e.Message);
    }

    [Fact]
    public void Virtual_clock_fires_timers_in_deadline_order()
    {
        var time = new VirtualTimeProvider();
        var fired = new List<int>();
        using var t3 = time.CreateTimer(_ => fired.Add(3), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var t1 = time.CreateTimer(_ => fired.Add(1), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var t2 = time.CreateTimer(_ => fired.Add(2), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal([1, 2, 3, 2, 2], fired);
    }
}
