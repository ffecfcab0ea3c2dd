using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Sluice.Actors;

namespace Sluice.Benchmarks.Actors;

/// <summary>
/// One producer telling many consumers, against one channel and consumer loop per consumer.
/// One operation = one message delivered.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter '*FanOut*'</c>
/// </summary>
[MemoryDiagnoser]
public class FanOutBenchmarks
{
    private const int Consumers = 16;
    private const int PerConsumer = 25_000;
    private const int Total = Consumers * PerConsumer;
    private static readonly object Item = new();

    private ActorSystem _system = null!;

    /// <summary>Messages an actor processes per turn (<c>sluice.actor.dispatchers.default.throughput</c>).</summary>
    [Params(30, 300)]
    public int Throughput { get; set; }

    [GlobalSetup]
    public void Setup() => _system = ActorSystem.Create("fanout",
        Sluice.Actors.Configuration.Config.Parse($"sluice.actor.dispatchers.default.throughput = {Throughput}"));

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "Channels", OperationsPerInvoke = Total)]
    public async Task Channels()
    {
        var writers = new ChannelWriter<object>[Consumers];
        var loops = new Task[Consumers];
        for (var i = 0; i < Consumers; i++)
        {
            var c = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
            writers[i] = c.Writer;
            loops[i] = Consume(c.Reader);
        }
        for (var n = 0; n < PerConsumer; n++)
            foreach (var w in writers) w.TryWrite(Item);
        await Task.WhenAll(loops).ConfigureAwait(false);

        static async Task Consume(ChannelReader<object> reader)
        {
            var seen = 0;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
                while (reader.TryRead(out _))
                    if (++seen == PerConsumer) return;
        }
    }

    [Benchmark(Description = "Actors", OperationsPerInvoke = Total)]
    public async Task Actors()
    {
        var refs = new IActorRef[Consumers];
        var done = new Task[Consumers];
        for (var i = 0; i < Consumers; i++)
        {
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            refs[i] = _system.ActorOf(Props.Create(() => new Counter(tcs)));
            done[i] = tcs.Task;
        }
        for (var n = 0; n < PerConsumer; n++)
            foreach (var r in refs) r.Tell(Item, null);
        await Task.WhenAll(done).ConfigureAwait(false);
        foreach (var r in refs) _system.Stop(r);
    }

    private sealed class Counter(TaskCompletionSource done) : ActorBase
    {
        private int _seen;

        protected override void Receive(object message)
        {
            if (++_seen == PerConsumer) done.TrySetResult();
        }
    }
}
