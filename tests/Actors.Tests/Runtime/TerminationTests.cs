using Sluice.Actors.Events;
using Xunit;

namespace Sluice.Actors.Tests.Runtime;

public sealed class TerminationTests
{
    private sealed class Busy(ManualResetEventSlim started, ManualResetEventSlim release, List<string> log) : ActorBase
    {
        protected override void Receive(object message)
        {
            started.Set();
            release.Wait();
            lock (log) log.Add("handled");
        }

        protected override void PostStop()
        {
            lock (log) log.Add("poststop");
        }
    }

    private sealed class Nested(List<string> log, string name, int depth, CountdownEvent started) : ActorBase
    {
        protected override void PreStart()
        {
            started.Signal();
            if (depth > 0) Context.ActorOf(Props.Create(() => new Nested(log, name + "/c", depth - 1, started)), "c");
        }

        protected override void PostStop()
        {
            lock (log) log.Add(name);
        }

        protected override void Receive(object message) { }
    }

    [Fact]
    public async Task Terminate_waits_for_a_busy_actor_to_finish_its_message_then_runs_PostStop()
    {
        var system = ActorSystem.Create("busy");
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var log = new List<string>();
        var a = system.ActorOf(Props.Create(() => new Busy(started, release, log)));
        a.Tell("work");
        a.Tell("maybe processed: termination reaches the actor asynchronously");
        started.Wait(TimeSpan.FromSeconds(5));
        var terminated = system.Terminate();
        Assert.False(terminated.IsCompleted);
        release.Set();
        await terminated.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("handled", log[0]);
        Assert.Equal("poststop", log[^1]);
        Assert.Single(log, "poststop");
    }

    [Fact]
    public async Task Terminate_stops_every_actor_children_before_parents()
    {
        var system = ActorSystem.Create("tree");
        var log = new List<string>();
        using var started = new CountdownEvent(6);
        system.ActorOf(Props.Create(() => new Nested(log, "a", 3, started)), "a");
        system.ActorOf(Props.Create(() => new Nested(log, "b", 1, started)), "b");
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(6, log.Count);
        Assert.True(log.IndexOf("a/c/c/c") < log.IndexOf("a/c/c"));
        Assert.True(log.IndexOf("a/c/c") < log.IndexOf("a/c"));
        Assert.True(log.IndexOf("a/c") < log.IndexOf("a"));
        Assert.True(log.IndexOf("b/c") < log.IndexOf("b"));
        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task After_termination_messages_go_to_dead_letters()
    {
        var system = ActorSystem.Create("after");
        var a = system.ActorOf(Props.Create<Echo>());
        var dead = 0;
        using var sub = system.EventStream.Subscribe<DeadLetter>(_ => Interlocked.Increment(ref dead));
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        a.Tell("late");
        Assert.Equal(1, dead);
    }

    [Fact]
    public void System_name_must_be_a_plain_identifier()
    {
        var e = Assert.Throws<ArgumentException>(() => ActorSystem.Create("my system"));
        Assert.Contains("'my system' is invalid", e.Message, StringComparison.Ordinal);
    }
}
