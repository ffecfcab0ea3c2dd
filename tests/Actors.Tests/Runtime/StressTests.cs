using Xunit;
using Xunit.Abstractions;

namespace Sluice.Actors.Tests.Runtime;

/// <summary>The stress tests load both cores; they run alone so that other tests' timeouts stay meaningful.</summary>
[CollectionDefinition("stress", DisableParallelization = true)]
public sealed class StressCollection;

[Collection("stress")]
public sealed class StressTests(ITestOutputHelper output)
{
    private sealed record Msg(int Sender, int Seq);

    /// <summary>Checks per-sender FIFO order and counts every message exactly once.</summary>
    private sealed class Checker(int senders, int perSender, TaskCompletionSource<long> done) : ActorBase
    {
        private readonly int[] _next = new int[senders];
        private long _received;
        private long _violations;

        protected override void Receive(object message)
        {
            var m = (Msg)message;
            if (_next[m.Sender] != m.Seq) _violations++;
            _next[m.Sender] = m.Seq + 1;
            if (++_received == (long)senders * perSender)
                done.TrySetResult(_violations);
        }
    }

    private sealed class Producer(IActorRef[] targets, int id, int count) : ActorBase
    {
        protected override void Receive(object message)
        {
            for (var i = 0; i < count; i++)
                foreach (var t in targets) t.Tell(new Msg(id, i), Self);
        }
    }

    [Fact]
    public async Task Thousands_of_actors_deliver_millions_of_messages_in_per_sender_order_exactly_once()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        await using var system = ActorSystem.Create("stress");
        const int checkers = 100, producers = 2000;
        var perProducer = 10 + random.Next(5);     // messages per producer per checker
        var tasks = new TaskCompletionSource<long>[checkers];
        var targets = new IActorRef[checkers];
        for (var i = 0; i < checkers; i++)
        {
            tasks[i] = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var tcs = tasks[i];
            targets[i] = system.ActorOf(Props.Create(() => new Checker(producers, perProducer, tcs)));
        }
        var actors = Enumerable.Range(0, producers).Select(p => system.ActorOf(Props.Create(() => new Producer(targets, p, perProducer)))).ToArray();
        foreach (var p in actors) p.Tell("go");
        var violations = await Task.WhenAll(tasks.Select(t => t.Task)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(violations, v => Assert.Equal(0, v));
        output.WriteLine($"{(long)checkers * producers * perProducer} messages checked");
    }
}
