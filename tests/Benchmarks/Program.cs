using BenchmarkDotNet.Running;

namespace Sluice.Benchmarks;

/// <summary>
/// Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project tests/Benchmarks -- --filter '*'</c>;
/// <c>-- memory-flat</c> runs the stream engine's peak-memory check instead, <c>-- pipeline-quick</c> a fast
/// pipeline throughput check without BenchmarkDotNet.
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "memory-flat")
        {
            await Streams.MemoryFlatCheck.RunAsync().ConfigureAwait(false);
            return;
        }

        if (args.Length > 0 && args[0] == "pipeline-quick")
        {
            await Streams.PipelineQuickCheck.RunAsync().ConfigureAwait(false);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
