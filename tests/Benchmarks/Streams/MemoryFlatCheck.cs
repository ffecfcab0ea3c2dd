using System.Diagnostics;
using Sluice.Graphs;
using Sluice.Graphs.Dsl;

namespace Sluice.Benchmarks.Streams;

/// <summary>
/// A fast source into a slow sink over 10M elements, fused and across an async boundary: samples the GC heap while it
/// runs and reports that it stays flat (backpressure bounds what is in flight) and the bytes allocated per element.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- memory-flat</c>.
/// </summary>
public static class MemoryFlatCheck
{
    private const int N = 10_000_000;

    public static async Task RunAsync()
    {
        using var mat = Materializer.Create();
        await Measure("fused", Source.From(Enumerable.Range(0, N)).Select(x => x + 1), mat).ConfigureAwait(false);
        await Measure("async boundary", Source.From(Enumerable.Range(0, N)).Select(x => x + 1).Async(), mat).ConfigureAwait(false);
    }

    private static async Task Measure(string name, Source<int, NotUsed> source, Materializer mat)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var startHeap = GC.GetTotalMemory(false);
        var startAllocated = GC.GetTotalAllocatedBytes(precise: true);
        var startGen0 = GC.CollectionCount(0);
        long maxHeap = 0, minHeap = long.MaxValue, consumed = 0;
        var watch = Stopwatch.StartNew();
        await source.RunWith(Sink.ForEach<int>(_ =>
        {
            // The slow consumer: a little work per element, so upstream is always waiting for demand.
            Thread.SpinWait(2);
            if (++consumed % 500_000 == 0)
            {
                var heap = GC.GetTotalMemory(false);
                maxHeap = Math.Max(maxHeap, heap);
                minHeap = Math.Min(minHeap, heap);
            }
        }), mat).ConfigureAwait(false);
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - startAllocated;
        Console.WriteLine(
            $"{name,-15} {consumed:N0} elements in {watch.Elapsed.TotalSeconds:F2} s | heap at start {startHeap / 1024:N0} KiB, " +
            $"sampled min {minHeap / 1024:N0} KiB / max {maxHeap / 1024:N0} KiB | allocated {allocated / 1024:N0} KiB total = " +
            $"{(double)allocated / consumed:F4} B/element | gen0 GCs {GC.CollectionCount(0) - startGen0}");
    }
}
