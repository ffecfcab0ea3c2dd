using System.Diagnostics;
using Sluice.Graphs.Dsl;

namespace Sluice.Benchmarks.Streams;

/// <summary>
/// A fast sanity run of <see cref="PipelineBenchmarks"/> without BenchmarkDotNet (seconds instead of minutes, for
/// iterating on the interpreter): each case runs three times; the best ns/element and the bytes allocated per element
/// are printed, with the ratio to the hand-written loop and TPL Dataflow measured in the same run.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- pipeline-quick</c>.
/// </summary>
public static class PipelineQuickCheck
{
    private const int N = 10_000_000;

    public static async Task RunAsync()
    {
        var bench = new PipelineBenchmarks();
        bench.Setup();
        try
        {
            if (Environment.GetEnvironmentVariable("SLUICE_QUICK_EXTRA") is not null)
            {
                using var m = Sluice.Graphs.Materializer.Create();
                await Measure("src->ignore", async () => { await Sluice.Graphs.Dsl.Source.From(Enumerable.Range(0, N)).RunWith(Sluice.Graphs.Dsl.Sink.Ignore<int>(), m); return 0; }).ConfigureAwait(false);
                await Measure("src->sel->ignore", async () => { await Sluice.Graphs.Dsl.Source.From(Enumerable.Range(0, N)).Select(x => x + 1).RunWith(Sluice.Graphs.Dsl.Sink.Ignore<int>(), m); return 0; }).ConfigureAwait(false);
                await Measure("src->sel->sel->ignore", async () => { await Sluice.Graphs.Dsl.Source.From(Enumerable.Range(0, N)).Select(x => x + 1).Named("a").Select(x => x + 1).RunWith(Sluice.Graphs.Dsl.Sink.Ignore<int>(), m); return 0; }).ConfigureAwait(false);
                await Measure("one boundary at sink", () => Sluice.Graphs.Dsl.Source.From(Enumerable.Range(0, N)).Select(x => x + 1).Where(x => (x & 1) == 0).Select(x => x * 3L).Async().RunWith(Sluice.Graphs.Dsl.Sink.Aggregate<long, long>(0, (a, x) => a + x), m)).ConfigureAwait(false);
            }

            // SLUICE_QUICK_ONLY=async (or =one): only the async-every-stage (one-boundary) case, three times, for perf.
            var only = Environment.GetEnvironmentVariable("SLUICE_QUICK_ONLY");
            if (only is "async" or "one")
            {
                for (var i = 0; i < 3; i++)
                {
                    await (only == "async"
                        ? Measure("async every stage", bench.AsyncBetweenEveryStage)
                        : Measure("one boundary", bench.OneAsyncBoundary)).ConfigureAwait(false);
                }

                return;
            }

            var loop = await Measure("hand-written loop", () => Task.FromResult(bench.HandWrittenLoop())).ConfigureAwait(false);
            var fused = await Measure("fused", bench.Fused).ConfigureAwait(false);
            var one = await Measure("one boundary", bench.OneAsyncBoundary).ConfigureAwait(false);
            var split = await Measure("async every stage", bench.AsyncBetweenEveryStage).ConfigureAwait(false);
            var tpl = await Measure("TPL Dataflow", bench.TplDataflow).ConfigureAwait(false);
            Console.WriteLine(
                $"one boundary costs {one.Wall - fused.Wall:F1} ns, {one.Cpu - fused.Cpu:F1} cpu-ns per element over fused; " +
                $"async every stage (4 boundaries) {split.Wall - fused.Wall:F1} ns, {split.Cpu - fused.Cpu:F1} cpu-ns over fused");
            Console.WriteLine(
                $"fused/loop {fused.Wall / loop.Wall:F1}x, async/loop {split.Wall / loop.Wall:F1}x, async/fused {split.Wall / fused.Wall:F1}x, " +
                $"TPL/fused {tpl.Wall / fused.Wall:F1}x, TPL/async {tpl.Wall / split.Wall:F1}x");
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static async Task<(double Wall, double Cpu)> Measure(string name, Func<Task<long>> run)
    {
        var best = double.MaxValue;
        var bestCpu = double.MaxValue;
        long allocated = 0;
        for (var i = 0; i < 3; i++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var watch = Stopwatch.StartNew();
            await run().ConfigureAwait(false);
            watch.Stop();
            bestCpu = Math.Min(bestCpu, (Environment.CpuUsage.TotalTime - cpuBefore).TotalNanoseconds / N);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            best = Math.Min(best, watch.Elapsed.TotalNanoseconds / N);
        }

        // CPU time of the whole process per element: on a loaded machine wall time mostly measures the neighbours,
        // CPU time what the pipeline itself costs (all its threads together, so it can exceed wall time).
        Console.WriteLine($"{name,-20} {best,8:F1} ns/element {bestCpu,8:F1} cpu-ns/element {(double)allocated / N,8:F3} B/element");
        return (best, bestCpu);
    }
}
