using BenchmarkDotNet.Running;

namespace Sluice.Benchmarks;

/// <summary>
/// Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project tests/Benchmarks -- --filter '*'</c>;
/// <c>-- memory-flat</c> runs the stream engine's peak-memory check instead, <c>-- pipeline-quick</c> a fast
/// pipeline throughput check without BenchmarkDotNet, <c>-- persistence [sqlite|postgres]</c> the persistence
/// throughput and replay check (journal beside raw driver loops, one table), <c>-- wordcount [--seconds N]</c> the query
/// layer's word count beside a hand-written loop and TPL Dataflow, <c>-- wordcount-latency [--seconds N]</c> the continuous
/// keyed count's end-to-end latency at half its maximum throughput;
/// <c>-- checkpointing</c> the word count
/// with checkpoints every second beside the same without, <c>-- recovery</c> the restart time with 1,000,000 keys.
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        switch (args.Length > 0 ? args[0] : string.Empty)
        {
            case "memory-flat":
                await Streams.MemoryFlatCheck.RunAsync().ConfigureAwait(false);
                return;
            case "pipeline-quick":
                await Streams.PipelineQuickCheck.RunAsync().ConfigureAwait(false);
                return;
            case "persistence":
                await Persistence.PersistenceCheck.RunAsync(args[1..]).ConfigureAwait(false);
                return;
            case "wordcount-latency":
                await Queries.WordCountLatencyCheck.RunAsync(args[1..]).ConfigureAwait(false);
                return;
            case "wordcount":
                await Queries.WordCountCheck.RunAsync(args[1..]).ConfigureAwait(false);
                return;
            case "checkpointing":
                await Checkpointing.CheckpointingCheck.RunAsync(args[1..]).ConfigureAwait(false);
                return;
            case "recovery":
                await Checkpointing.RecoveryCheck.RunAsync(args[1..]).ConfigureAwait(false);
                return;
            case "recovery-build" or "recovery-resume":
                await Checkpointing.RecoveryCheck.RunChildAsync(args[0], args[1..]).ConfigureAwait(false);
                return;
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return;
        }
    }
}
