using System.Globalization;
using Sluice.Graphs.Queries;

namespace Sluice.Benchmarks.Checkpointing;

/// <summary>
/// Issue 6: the keyed word count with exactly-once checkpoints every second to SQLite against the same query without
/// checkpoints, same input, in alternating rounds; prints words/s and the ratio (target: at least 0.8). The plain run
/// reads at most rows-per-trigger words per batch; the checkpointed run (Trigger.ProcessingTime(1 s)) at most what the
/// plain run did in a second, so that its batches take about a second each and an epoch commits about every second.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- checkpointing [words] [rows-per-trigger] [rounds]</c>.
/// </summary>
internal static class CheckpointingCheck
{
    private const int Vocabulary = 100_000;
    private const int Seed = 20261121;
    private const int Shards = 8;

    public static async Task RunAsync(string[] args)
    {
        var words = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 12_000_000;
        var perTrigger = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, load average at start: {File.ReadAllText("/proc/loadavg").Trim()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{words:N0} words (Zipf over {Vocabulary:N0}, seed {Seed}), at most {perTrigger:N0} per batch, {Shards} shards, {rounds} rounds"));
        var input = ZipfWords.Generate(Vocabulary, words, Seed);
        var ratios = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            // Round 0 warms up the JIT and is not counted.
            var plain = await WordCountRun.RunAsync(Source(input, perTrigger), Trigger.Default, null, Shards).ConfigureAwait(false);
            var directory = Path.Combine(Path.GetTempPath(), "sluice-bench-checkpointing-" + Guid.NewGuid().ToString("N")[..8]);
            WordCountRun.Result durable;
            long durableCap;
            try
            {
                // At most one second of the plain run's throughput per batch: the checkpointed run then has work for at
                // least a second at each trigger (it commits about every second and never idles while input waits).
                durableCap = Math.Max(perTrigger, (long)(words / plain.Seconds));
                durable = await WordCountRun.RunAsync(Source(input, durableCap), Trigger.ProcessingTime(TimeSpan.FromSeconds(1)), directory, Shards).ConfigureAwait(false);
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }

            // The baseline for the ratio reads the same batches as the checkpointed run, without a checkpoint: the only
            // difference left is the checkpoint (large batches alone make a query faster).
            var same = await WordCountRun.RunAsync(Source(input, durableCap), Trigger.Default, null, Shards).ConfigureAwait(false);
            var ratio = same.Seconds / durable.Seconds;
            if (round > 0) ratios.Add(ratio);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(round == 0 ? "warm-up" : "round " + round)}: no checkpoint {words / plain.Seconds:N0} words/s ({plain.Epochs} batches, {plain.Seconds:F2} s, addBatch {plain.AverageAddBatchMs:F0} ms, commit {plain.AverageCommitMs:F0} ms) | " +
                $"no checkpoint, same batches {words / same.Seconds:N0} words/s ({same.Epochs} batches) | " +
                $"checkpoint every 1 s {words / durable.Seconds:N0} words/s ({durable.Epochs} batches of <= {durableCap:N0}, {durable.Seconds:F2} s, addBatch {durable.AverageAddBatchMs:F0} ms, commit {durable.AverageCommitMs:F0} ms) | ratio {ratio:F2}"));
            if (plain.StateRows != durable.StateRows || same.StateRows != durable.StateRows)
            {
                throw new InvalidOperationException($"The runs disagree: {plain.StateRows} keys without checkpoints, {durable.StateRows} with.");
            }
        }

        ratios.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median ratio (checkpointed / same batches without checkpoint): {ratios[ratios.Count / 2]:F2}  (target >= 0.80); per round: {string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}"));
        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static IndexedSource Source(ZipfWords input, long perTrigger) => new("zipf-words", input.Length, perTrigger, i => input[i]);
}
