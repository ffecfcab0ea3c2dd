using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Sluice.Actors;

namespace Sluice.Benchmarks.Actors;

/// <summary>
/// Request/reply between pairs of actors, against the same work written directly on
/// System.Threading.Channels (one unbounded channel and one consumer loop per "actor").
/// One operation = one message delivered; a round trip is two operations.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter '*PingPong*'</c>
/// </summary>
[MemoryDiagnoser]
public class PingPongBenchmarks
{
    private const int TotalMessages = 400_000;
    private static readonly object Ball = new();

    [Params(1, 4)]
    public int Pairs { get; set; }

    private ActorSystem _system = null!;

    [GlobalSetup]
    public void Setup() => _system = ActorSystem.Create("bench");

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().GetAwaiter().GetResult();

    private int MessagesPerPair => TotalMessages / Pairs;

    [Benchmark(Baseline = true, Description = "Channels", OperationsPerInvoke = TotalMessages)]
    public async Task Channels()
    {
        var tasks = new Task[Pairs];
        for (var p = 0; p < Pairs; p++)
        {
            var a = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
            var b = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
            var ponger = Loop(b.Reader, a.Writer, MessagesPerPair / 2);
            var pinger = Loop(a.Reader, b.Writer, MessagesPerPair / 2);
            b.Writer.TryWrite(Ball);
            tasks[p] = Task.WhenAll(ponger, pinger);
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);

        static async Task Loop(ChannelReader<object> inbox, ChannelWriter<object> other, int count)
        {
            var seen = 0;
            while (await inbox.WaitToReadAsync().ConfigureAwait(false))
            {
                while (inbox.TryRead(out var m))
                {
                    if (++seen == count)
                    {
                        other.TryWrite(m);
                        return;
                    }
                    other.TryWrite(m);
                }
            }
        }
    }

    [Benchmark(Description = "Actors", OperationsPerInvoke = TotalMessages)]
    public async Task Actors()
    {
        var tasks = new Task[Pairs];
        for (var p = 0; p < Pairs; p++)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var a = _system.ActorOf(Props.Create(() => new Player(MessagesPerPair / 2, done)));
            var b = _system.ActorOf(Props.Create(() => new Player(MessagesPerPair / 2, null)));
            a.Tell(Ball, b);
            tasks[p] = done.Task;
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>Replies to whoever sent the ball until it has seen <c>count</c> balls.</summary>
    private sealed class Player(int count, TaskCompletionSource? done) : ActorBase
    {
        private int _seen;

        protected override void Receive(object message)
        {
            if (++_seen == count)
            {
                done?.TrySetResult();
                Context.Stop(Self);
            }
            Sender.Tell(message, Self);
        }
    }
}
