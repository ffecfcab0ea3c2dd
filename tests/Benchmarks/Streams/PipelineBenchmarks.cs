using System.Threading.Tasks.Dataflow;
using BenchmarkDotNet.Attributes;
using Sluice.Graphs;
using Sluice.Graphs.Dsl;

#pragma warning disable CA1822 // BenchmarkDotNet runs instance methods.

namespace Sluice.Benchmarks.Streams;

/// <summary>
/// Source → Select → Where → Select → Sink over 10M integers, per element: the hand-written loop (the limit), the
/// fused engine, the engine with one async boundary (after Where) and with an async boundary between every stage,
/// and linked bounded TPL Dataflow blocks.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter '*PipelineBenchmarks*' --job short --memory</c>.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const int N = 10_000_000;
    private Materializer _mat = null!;

    [GlobalSetup]
    public void Setup() => _mat = Materializer.Create();

    [GlobalCleanup]
    public void Cleanup() => _mat.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public long HandWrittenLoop()
    {
        long sum = 0;
        foreach (var i in Enumerable.Range(0, N))
        {
            var x = i + 1;
            if ((x & 1) == 0)
            {
                sum += x * 3L;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public Task<long> Fused() =>
        Source.From(Enumerable.Range(0, N))
            .Select(x => x + 1)
            .Where(x => (x & 1) == 0)
            .Select(x => x * 3L)
            .RunWith(Sink.Aggregate<long, long>(0, (a, x) => a + x), _mat);

    /// <summary>One async boundary (after Where): its cost per element is this minus <see cref="Fused"/>.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public Task<long> OneAsyncBoundary() =>
        Source.From(Enumerable.Range(0, N))
            .Select(x => x + 1)
            .Where(x => (x & 1) == 0).Async()
            .Select(x => x * 3L)
            .RunWith(Sink.Aggregate<long, long>(0, (a, x) => a + x), _mat);

    [Benchmark(OperationsPerInvoke = N)]
    public Task<long> AsyncBetweenEveryStage() =>
        Source.From(Enumerable.Range(0, N)).Async()
            .Select(x => x + 1).Async()
            .Where(x => (x & 1) == 0).Async()
            .Select(x => x * 3L).Async()
            .RunWith(Sink.Aggregate<long, long>(0, (a, x) => a + x), _mat);

    [Benchmark(OperationsPerInvoke = N)]
    public async Task<long> TplDataflow()
    {
        var bounded = new ExecutionDataflowBlockOptions { BoundedCapacity = 1024 };
        var link = new DataflowLinkOptions { PropagateCompletion = true };
        var select1 = new TransformBlock<int, int>(x => x + 1, bounded);
        var where = new TransformManyBlock<int, int>(x => (x & 1) == 0 ? [x] : [], bounded);
        var select2 = new TransformBlock<int, long>(x => x * 3L, bounded);
        long sum = 0;
        var sink = new ActionBlock<long>(x => sum += x, bounded);
        select1.LinkTo(where, link);
        where.LinkTo(select2, link);
        select2.LinkTo(sink, link);
        for (var i = 0; i < N; i++)
        {
            if (!select1.Post(i))
            {
                await select1.SendAsync(i).ConfigureAwait(false);
            }
        }

        select1.Complete();
        await sink.Completion.ConfigureAwait(false);
        return sum;
    }
}
