using System.Diagnostics;
using System.Globalization;
using Sluice.Graphs.Queries;

namespace Sluice.Benchmarks.Checkpointing;

/*
 * Issue 6: recovery time after a kill with 1,000,000 keys of state (target: at most 2 s from start to processing).
 * The parent process runs two kinds of child process (this same program):
 *   recovery-build DIR KEYS PER-BATCH 0  counts KEYS distinct words, PER-BATCH per batch, with a checkpoint in DIR and
 *                                      persistent state; prints "built" once every batch committed (the shards' due
 *                                      snapshots are stored before a commit completes) and waits to be killed;
 *   recovery-resume DIR KEYS PER-BATCH ROUND  starts the same query on DIR in a new process (new actor system), as after a
 *                                      crash, and prints "first-row" with its timings when the sink receives the first
 *                                      row of the next batch; then waits to be killed.
 * The parent kills each child with SIGKILL, and measures from starting the resume process to its "first-row" line.
 */
internal static class RecoveryCheck
{
    private const int Shards = 8;
    private const int NextBatch = 1_000;

    public static async Task RunAsync(string[] args)
    {
        var keys = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var perBatch = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, load average at start: {File.ReadAllText("/proc/loadavg").Trim()}"));
        StateSerializationProfile.Run(keys, Shards);
        var directory = Path.Combine(Path.GetTempPath(), "sluice-bench-recovery-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var build = Stopwatch.StartNew();
            var (builder, _) = await StartChildAsync("recovery-build", directory, keys, perBatch, 0, "built").ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"built {keys:N0} keys in batches of {perBatch:N0} with {Shards} shards in {build.Elapsed.TotalSeconds:F1} s; killed the process (SIGKILL)"));
            Kill(builder);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checkpoint directory: {DirectorySize(directory) / 1e6:F1} MB"));
            var totals = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                var started = Stopwatch.StartNew();
                var (resumed, line) = await StartChildAsync("recovery-resume", directory, keys, perBatch, round, "first-row").ConfigureAwait(false);
                var total = started.Elapsed.TotalSeconds;
                Console.WriteLine("  child: " + await resumed.StandardOutput.ReadLineAsync().ConfigureAwait(false));
                Kill(resumed);
                totals.Add(total);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: process start to first row of the next batch {total:F2} s ({line})"));
            }

            totals.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median recovery time with {keys:N0} keys: {totals[totals.Count / 2]:F2} s (target <= 2 s)"));
            Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The child processes' side: build the state, or resume on it.</summary>
    public static async Task RunChildAsync(string mode, string[] args)
    {
        var main = Stopwatch.StartNew();
        var directory = args[0];
        var keys = int.Parse(args[1], CultureInfo.InvariantCulture);
        var perBatch = int.Parse(args[2], CultureInfo.InvariantCulture);
        var round = int.Parse(args[3], CultureInfo.InvariantCulture);
        var resume = mode == "recovery-resume";
        var length = keys + ((long)round * NextBatch); // each resume finds a new batch (the previous one may have committed)
        var source = new IndexedSource("keys", length, resume ? NextBatch : perBatch, i => Key(i % keys));
        var system = WordCountRun.SystemIn(directory, "recovery");
        var systemMs = main.Elapsed.TotalMilliseconds;
        var firstRow = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var query = await WordCountRun.Query(source).WriteStream()
            .OutputMode(OutputMode.Update)
            .NumberOfShards(Shards)
            .CheckpointLocation(directory)
            .PersistentState(system)
            .Manager(new StreamingQueryManager())
            .ForEachBatchAsync((rows, epoch) =>
            {
                if (rows.Count > 0) firstRow.TrySetResult(main.Elapsed.TotalMilliseconds);
            })
            .ConfigureAwait(false);
        var startedMs = main.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"query started after {startedMs:F0} ms"));
        if (resume)
        {
            await Task.WhenAny(firstRow.Task, query.AwaitTerminationAsync()).ConfigureAwait(false);
            if (!firstRow.Task.IsCompleted) await query.AwaitTerminationAsync().ConfigureAwait(false); // throws its failure
            var rowMs = await firstRow.Task.ConfigureAwait(false);
            var sinceProcessStart = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"first-row: process start to now {sinceProcessStart:F0} ms; Main to actor system {systemMs:F0} ms, to query started (state restored) {startedMs:F0} ms, to first row {rowMs:F0} ms"));
            while (query.LastProgress is null && query.IsActive) await Task.Delay(10).ConfigureAwait(false); // a diagnostic, after the measurement
            if (query.LastProgress is { } progress)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"progress: start of the query (checkpoint, shard recovery, graph) {progress.DurationMs.GetValueOrDefault("queryPlanning")} ms; the batch: {string.Join(", ", progress.DurationMs.Where(d => d.Key != "queryPlanning").Select(d => d.Key + " " + d.Value))} ms"));
            }
        }
        else
        {
            await Task.WhenAny(source.Done.Task, query.AwaitTerminationAsync()).ConfigureAwait(false);
            if (!source.Done.Task.IsCompleted) await query.AwaitTerminationAsync().ConfigureAwait(false);
            Console.WriteLine("built");
        }

        await query.AwaitTerminationAsync().ConfigureAwait(false); // until killed
    }

    private static string Key(long i) => "k" + i.ToString("D7", CultureInfo.InvariantCulture);

    private static async Task<(Process Process, string Line)> StartChildAsync(string mode, string directory, int keys, int perBatch, int round, string expect)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(RecoveryCheck).Assembly.Location);
        foreach (var arg in new[] { mode, directory, keys.ToString(CultureInfo.InvariantCulture), perBatch.ToString(CultureInfo.InvariantCulture), round.ToString(CultureInfo.InvariantCulture) }) info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start " + self);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (await process.StandardOutput.ReadLineAsync(deadline.Token).ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith(expect, StringComparison.Ordinal)) return (process, line);
            Console.WriteLine("  child: " + line);
        }

        throw new InvalidOperationException($"The {mode} process ended (exit code {(process.HasExited ? process.ExitCode : -1)}) before printing '{expect}'.");
    }

    private static void Kill(Process process)
    {
        process.Kill(); // SIGKILL on Linux: no final snapshot, nothing flushed
        process.WaitForExit();
        process.Dispose();
    }

    private static long DirectorySize(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}
