using BenchmarkDotNet.Running;

namespace Sluice.Benchmarks;

/// <summary>
/// Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project tests/Benchmarks -- --filter '*'</c>;
/// <c>-- memory-flat</c> runs the stream engine's peak-memory check instead; <c>-- persistence [sqlite|postgres]</c> runs the
/// persistence throughput and replay check (journal beside raw driver loops, one table).
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

        if (args.Length > 0 && args[0] == "persistence")
        {
            await Persistence.PersistenceCheck.RunAsync(args[1..]).ConfigureAwait(false);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
