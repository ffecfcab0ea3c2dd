using Sluice.Actors.Events;
using Sluice.TestKit;
using Xunit;

namespace Sluice.Actors.Tests.Runtime;

public sealed class LifecycleTests : ActorTestKit
{
    [Fact]
    public void Actor_processes_messages_in_order_and_replies_to_sender()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        for (var i = 0; i < 100; i++) echo.Tell(i, TestActor);
        for (var i = 0; i < 100; i++) ExpectMsg(i);
        Assert.Equal("sluice://LifecycleTests/user/echo", echo.Path.ToString());
    }

    [Fact]
    public void PreStart_runs_before_first_message_and_PostStop_after_stop()
    {
        var a = Sys.ActorOf(Props.Create(() => new Recorder(TestActor)));
        a.Tell(1, TestActor);
        ExpectMsg("recorder:PreStart");
        ExpectMsg(1);
        Watch(a);
        Sys.Stop(a);
        ExpectMsg("recorder:PostStop");
        ExpectTerminated(a);
    }

    [Fact]
    public void PoisonPill_stops_after_the_messages_queued_before_it()
    {
        var a = Sys.ActorOf(Props.Create(() => new Recorder(TestActor)));
        ExpectMsg("recorder:PreStart");
        Watch(a);
        a.Tell(1, TestActor);
        a.Tell(2, TestActor);
        a.Tell(PoisonPill.Instance, TestActor);
        a.Tell(3, TestActor);
        ExpectMsg(1);
        ExpectMsg(2);
        ExpectMsg("recorder:PostStop");
        ExpectTerminated(a);
        ExpectNoMsg();
    }

    [Fact]
    public void Messages_to_a_stopped_actor_become_dead_letters()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        var a = Sys.ActorOf(Props.Create<Echo>());
        Watch(a);
        Sys.Stop(a);
        ExpectTerminated(a);
        a.Tell("hello", TestActor);
        var dl = probe.ExpectMsg<DeadLetter>();
        Assert.Equal("hello", dl.Message);
        Assert.Same(a, dl.Recipient);
        Assert.Same(TestActor, dl.Sender);
    }

    [Fact]
    public void Dead_letters_are_logged_at_most_the_configured_number_per_interval()
    {
        using var kit = new DeadLetterLimitKit();
        kit.Run();
    }

    private sealed class DeadLetterLimitKit() : ActorTestKit("sluice.actor.dead-letters-log-max = 3\nsluice.actor.dead-letters-log-interval = 1h"), IDisposable
    {
        public void Run()
        {
            for (var i = 0; i < 10; i++) Sys.DeadLetters.Tell(i, null);
            var logged = Logs.Entries.Count(e => e.Message.Contains("was not delivered", StringComparison.Ordinal));
            Assert.Equal(3, logged);
        }

        public void Dispose() => DisposeAsync().GetAwaiter().GetResult();
    }

    [Fact]
    public void Become_and_Unbecome_switch_behaviour()
    {
        var a = Sys.ActorOf(Props.Create(() => new Switcher()));
        a.Tell("who", TestActor);
        ExpectMsg("normal");
        a.Tell("angry", TestActor);
        a.Tell("who", TestActor);
        ExpectMsg("angry");
        a.Tell("calm", TestActor);
        a.Tell("who", TestActor);
        ExpectMsg("normal");
    }

    private sealed class Switcher : ActorBase
    {
        protected override void Receive(object message)
        {
            switch (message)
            {
                case "who": Sender.Tell("normal"); break;
                case "angry":
                    Context.Become(m =>
                    {
                        if (m is "who") Sender.Tell("angry");
                        else if (m is "calm") Context.Unbecome();
                    }, discardOld: false);
                    break;
            }
        }
    }

    [Fact]
    public async Task Identify_replies_with_the_actor_and_selection_finds_by_path()
    {
        var a = Sys.ActorOf(Props.Create<Echo>(), "findme");
        Sys.ActorSelection("/user/findme").Tell(new Identify(42), TestActor);
        var id = ExpectMsg<ActorIdentity>();
        Assert.Equal(42, id.CorrelationId);
        Assert.Same(a, id.Subject);
        Assert.Same(a, await Sys.ActorSelection("sluice://LifecycleTests/user/find*").ResolveOne());
    }

    [Fact]
    public async Task Selection_of_nobody_fails_to_resolve_with_the_path_in_the_message()
    {
        var e = await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection("/user/nobody").ResolveOne());
        Assert.Contains("/user/nobody", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_child_name_is_refused_with_a_clear_error()
    {
        Sys.ActorOf(Props.Create<Echo>(), "twin");
        var e = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Echo>(), "twin"));
        Assert.Contains("'twin' is not unique", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Echo>(), "a/b"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Echo>(), "$x"));
    }

    [Fact]
    public void Creating_an_actor_with_new_is_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new Echo());
        Assert.Contains("ActorOf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_dispatcher_is_refused_naming_the_key()
    {
        var e = Assert.Throws<Sluice.Actors.Configuration.ConfigurationException>(() => Sys.ActorOf(Props.Create<Echo>().WithDispatcher("fast")));
        Assert.Contains("sluice.actor.dispatchers.fast", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unhandled_messages_are_published()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(UnhandledMessage));
        var a = Sys.ActorOf(Props.Create(() => new Recorder(TestActor)));
        a.Tell("strange", TestActor);
        var u = probe.ExpectMsg<UnhandledMessage>();
        Assert.Equal("strange", u.Message);
    }

    [Fact]
    public void Pinned_dispatcher_runs_the_actor_on_its_own_thread()
    {
        var a = Sys.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher("pinned"));
        a.Tell("t", TestActor);
        var first = ExpectMsg<(int Id, bool Pool)>();
        a.Tell("t", TestActor);
        var second = ExpectMsg<(int Id, bool Pool)>();
        Assert.False(first.Pool);
        Assert.Equal(first.Id, second.Id);
    }

    private sealed class ThreadReporter : ActorBase
    {
        protected override void Receive(object message) =>
            Sender.Tell((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));
    }

    [Fact]
    public void Bounded_mailbox_sends_overflow_to_dead_letters()
    {
        using var gate = new ManualResetEventSlim();
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        var a = Sys.ActorOf(Props.Create(() => new Blocker(gate, TestActor)).WithMailbox("bounded"));
        a.Tell("block", TestActor);
        ExpectMsg("blocked");
        for (var i = 0; i < 1005; i++) a.Tell(i, TestActor);
        var dropped = probe.ReceiveN(5).Cast<DeadLetter>().Select(d => (int)d.Message).ToArray();
        Assert.Equal([1000, 1001, 1002, 1003, 1004], dropped);
        gate.Set();
    }

    private sealed class Blocker(ManualResetEventSlim gate, IActorRef probe) : ActorBase
    {
        protected override void Receive(object message)
        {
            if (message is "block")
            {
                probe.Tell("blocked");
                gate.Wait();
            }
        }
    }
}

public sealed class UnknownSettingTests() : ActorTestKit("sluice.actor.ask-timout = 5s")
{
    [Fact]
    public void A_misspelt_setting_is_logged_with_the_closest_known_key()
    {
        var warning = Assert.Single(Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Contains("'sluice.actor.ask-timout'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'sluice.actor.ask-timeout'?", warning.Message, StringComparison.Ordinal);
    }
}
