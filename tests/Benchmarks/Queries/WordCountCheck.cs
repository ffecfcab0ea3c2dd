using System.Diagnostics;
using System.Globalization;
using Sluice.Actors;
using Sluice.Actors.Configuration;
using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Windows;

namespace Sluice.Benchmarks.Queries;

/// <summary>
/// The query layer's word-count benchmark: words per second of (a) a stateless split, (b) a running count per word
/// (Update mode) with state in memory and with persistent sharded state on SQLite, (c) counts per 10 s window sliding
/// every 5 s on event time with a watermark (Append mode), each beside a hand-written single-threaded loop with a
/// Dictionary (the limit) and the same pipeline on TPL Dataflow, in one table with ratios. The text is generated once
/// (Zipf(1) over 100,000 words, fixed seed); every implementation gets it in chunks of 100,000 sentences (about a
/// million words), the query through a memory source, one micro-batch per chunk.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- wordcount [--seconds N] [--rounds R] [--case split|keyedcount|windows]</c>
/// (the best of R rounds, default 3, of N seconds per measurement, default 2; the implementations take turns; one workload only with --case, the keyed count's state in one place only with --state memory|sqlite; --no-baselines measures the query alone, for a profiler).
/// </summary>
public static class WordCountCheck
{
    internal const int Seed = 20_261_121;
    internal const int ChunkSentences = 100_000;
    internal static readonly TimeSpan WindowSize = TimeSpan.FromSeconds(10);
    internal static readonly TimeSpan WindowSlide = TimeSpan.FromSeconds(5);
    internal static readonly TimeSpan WatermarkDelay = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(string[] args)
    {
        var seconds = ParseSeconds(args, 2);
        var rounds = int.TryParse(Option(args, "--rounds"), CultureInfo.InvariantCulture, out var r) && r > 0 ? r : 3;
        var corpus = WordCorpus.Create(Seed, 200_000);
        Console.WriteLine($"word count: Zipf(1) over {WordCorpus.VocabularySize:N0} words, seed {Seed}, {ChunkSentences:N0} sentences (~{corpus.WordsIn(0, ChunkSentences):N0} words) per chunk/batch, best of {rounds} rounds of {seconds} s per measurement, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        var only = Option(args, "--case");
        var rows = new List<string[]>();
        foreach (var workload in Enum.GetValues<WordCountCase>())
        {
            if (only is not null && !string.Equals(only, workload.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // Rounds interleave the implementations and keep each one's best rate, so that a burst of load on a shared
            // machine does not land on one of them only.
            var baselines = !args.Contains("--no-baselines");
            var variants = workload != WordCountCase.KeyedCount ? [false] : Option(args, "--state") switch
            {
                "memory" => [false],
                "sqlite" => [true],
                _ => new[] { false, true },
            };
            Measured loop = new(double.NaN, double.NaN), tpl = new(double.NaN, double.NaN);
            var sluice = new QueryResult[variants.Length];
            for (var round = 0; round < rounds; round++)
            {
                if (baselines)
                {
                    loop = Best(loop, await MeasureCounterAsync(corpus, seconds, () => new LoopWordCounter(workload, Ms(WindowSize), Ms(WindowSlide), Ms(WatermarkDelay))).ConfigureAwait(false));
                    tpl = Best(tpl, await MeasureCounterAsync(corpus, seconds, () => new DataflowWordCounter(workload, Ms(WindowSize), Ms(WindowSlide), Ms(WatermarkDelay))).ConfigureAwait(false));
                }

                for (var v = 0; v < variants.Length; v++)
                {
                    var result = await MeasureQueryAsync(corpus, seconds, workload, variants[v]).ConfigureAwait(false);
                    sluice[v] = sluice[v] is null || result.WordsPerSecond > sluice[v].WordsPerSecond ? result with { Check = Worst(sluice[v]?.Check, result.Check) } : sluice[v] with { Check = Worst(sluice[v].Check, result.Check) };
                }
            }

            for (var v = 0; v < variants.Length; v++)
            {
                var name = workload switch
                {
                    WordCountCase.Split => "stateless split",
                    WordCountCase.KeyedCount => variants[v] ? "keyed count, SQLite state" : "keyed count, memory state",
                    _ => "10 s windows / 5 s slide",
                };
                var q = sluice[v];
                rows.Add([name, Rate(loop.WordsPerSecond), Rate(tpl.WordsPerSecond), Rate(q.WordsPerSecond), Ratio(q.WordsPerSecond / loop.WordsPerSecond), Ratio(q.WordsPerSecond / tpl.WordsPerSecond),
                    $"{Ns(loop.CpuNsPerWord)} / {Ns(tpl.CpuNsPerWord)} / {Ns(q.CpuNsPerWord)}", q.Check]);
                Console.WriteLine($"  {name}: {sluice[v].Detail}");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"load average after: {LoadAverage()}");
        PrintTable(["case", "loop words/s", "TPL Dataflow words/s", "Sluice words/s", "Sluice/loop", "Sluice/TPL", "CPU ns/word loop / TPL / Sluice", "result check"], rows);
    }

    internal static int ParseSeconds(string[] args, int fallback) =>
        int.TryParse(Option(args, "--seconds"), CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : fallback;

    internal static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;

    private static Measured Best(Measured best, Measured measured) => double.IsNaN(best.WordsPerSecond) || measured.WordsPerSecond > best.WordsPerSecond ? measured : best;

    /// <summary>A rate, and the CPU time per word of the whole process (all threads) while reaching it.</summary>
    private readonly record struct Measured(double WordsPerSecond, double CpuNsPerWord);

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static string Ns(double ns) => double.IsNaN(ns) ? "-" : ns.ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>The check to show for several runs: a mismatch in any run wins.</summary>
    private static string Worst(string? a, string b) => a is not null && a != "ok" && !a.StartsWith("dropped 0", StringComparison.Ordinal) ? a : b;

    private static async Task<Measured> MeasureCounterAsync(WordCorpus corpus, int seconds, Func<IWordCounter> create)
    {
        // Warm-up (JIT): one chunk on a throw-away instance.
        var warm = create();
        await warm.AddAsync(corpus.Chunk(0, ChunkSentences)).ConfigureAwait(false);
        await warm.CompleteAsync().ConfigureAwait(false);

        var counter = create();
        var cpu = CpuTime();
        var watch = Stopwatch.StartNew();
        long chunks = 0;
        while (watch.Elapsed.TotalSeconds < seconds || chunks < 2)
        {
            await counter.AddAsync(corpus.Chunk(chunks * ChunkSentences, ChunkSentences)).ConfigureAwait(false);
            chunks++;
        }

        await counter.CompleteAsync().ConfigureAwait(false);
        watch.Stop();
        var words = corpus.WordsIn(0, chunks * ChunkSentences);
        return new Measured(words / watch.Elapsed.TotalSeconds, (CpuTime() - cpu).TotalNanoseconds / words);
    }

    private sealed record QueryResult(double WordsPerSecond, double CpuNsPerWord, string Check, string Detail);

    private static async Task<QueryResult> MeasureQueryAsync(WordCorpus corpus, int seconds, WordCountCase workload, bool persistent)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sluice-wordcount-" + Guid.NewGuid().ToString("N")[..8]);
        ActorSystem? system = null;
        var source = new MemorySource<Sentence>("sentences");
        var sentences = DataStream.From(source);
        StreamingQuery query;
        CountingSink<string>? split = null;
        LatestValueSink<string>? counts = null;
        WindowSumSink? windows = null;
        switch (workload)
        {
            case WordCountCase.Split:
                split = new CountingSink<string>();
                query = await sentences.SelectMany(s => s.Text.Split(' ')).WriteStream().OutputMode(OutputMode.Append).StartAsync(split).ConfigureAwait(false);
                break;
            case WordCountCase.KeyedCount:
                counts = new LatestValueSink<string>();
                var writer = sentences.SelectMany(s => s.Text.Split(' ')).GroupBy(w => w).Count().WriteStream().OutputMode(OutputMode.Update);
                if (persistent)
                {
                    system = ActorSystem.Create("wordcount", Config.Parse($"sluice.persistence.data-directory = \"{directory}\""));
                    writer = writer.CheckpointLocation(directory).PersistentState(system);
                }

                query = await writer.StartAsync(counts).ConfigureAwait(false);
                break;
            default:
                windows = new WindowSumSink();
                query = await sentences
                    .WithWatermark(s => DateTimeOffset.FromUnixTimeMilliseconds(s.TimeMs), WatermarkDelay)
                    .SelectMany(s => s.Text.Split(' '))
                    .GroupBy(w => w, Window.Sliding(WindowSize, WindowSlide))
                    .Count()
                    .WriteStream().OutputMode(OutputMode.Append).StartAsync(windows).ConfigureAwait(false);
                break;
        }

        try
        {
            // Warm-up: the first chunk (JIT, shard start), then the timed chunks.
            source.AddData(corpus.Chunk(0, ChunkSentences));
            await query.ProcessAllAvailableAsync().ConfigureAwait(false);
            long chunks = 1;
            var gcPause = GC.GetTotalPauseDuration();
            var gcCounts = (Gen0: GC.CollectionCount(0), Gen1: GC.CollectionCount(1), Gen2: GC.CollectionCount(2));
            var cpu = CpuTime();
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed.TotalSeconds < seconds || chunks < 3)
            {
                source.AddData(corpus.Chunk(chunks * ChunkSentences, ChunkSentences));
                await query.ProcessAllAvailableAsync().ConfigureAwait(false);
                chunks++;
            }

            watch.Stop();
            var gc = $"GC {(GC.GetTotalPauseDuration() - gcPause).TotalMilliseconds:F0} ms paused in {watch.Elapsed.TotalMilliseconds:F0} ms (gen0 {GC.CollectionCount(0) - gcCounts.Gen0}, gen1 {GC.CollectionCount(1) - gcCounts.Gen1}, gen2 {GC.CollectionCount(2) - gcCounts.Gen2})";
            var cpuNs = (CpuTime() - cpu).TotalNanoseconds / corpus.WordsIn(ChunkSentences, (chunks - 1) * ChunkSentences);
            var rate = corpus.WordsIn(ChunkSentences, (chunks - 1) * ChunkSentences) / watch.Elapsed.TotalSeconds;
            var progress = query.LastProgress;
            var measured = query.RecentProgress.Where(p => p.BatchId >= 1).ToList();
            var inBatches = measured.Sum(p => p.DurationMs.GetValueOrDefault("triggerExecution"));
            gc += $"; {measured.Count} batches took {inBatches} ms of triggerExecution";
            var detail = progress is null ? "no progress" : $"{gc}; last batch {progress.NumInputRows:N0} sentences, durations {string.Join(", ", progress.DurationMs.Select(d => d.Key + "=" + d.Value))}";
            var check = "-";
            if (split is not null)
            {
                check = split.Rows == corpus.WordsIn(0, chunks * ChunkSentences) ? "ok" : $"MISMATCH {split.Rows}";
            }
            else if (counts is not null)
            {
                var expected = new LoopWordCounter(WordCountCase.KeyedCount, 0, 1, 0);
                for (long c = 0; c < chunks; c++)
                {
                    await expected.AddAsync(corpus.Chunk(c * ChunkSentences, ChunkSentences)).ConfigureAwait(false);
                }

                check = expected.Counts.Count == counts.Table.Count && expected.Counts.All(e => counts.Table.TryGetValue(e.Key, out var v) && v == e.Value) ? "ok" : "MISMATCH";
            }
            else if (windows is not null && progress is not null)
            {
                check = $"dropped {progress.StateOperators.Sum(o => o.NumRowsDroppedByWatermark)}";
            }

            return new QueryResult(rate, cpuNs, check, detail);
        }
        finally
        {
            await query.StopAsync().ConfigureAwait(false);
            if (system is not null)
            {
                await system.DisposeAsync().ConfigureAwait(false);
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    internal static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ratio(double ratio) => ratio.ToString("F2", CultureInfo.InvariantCulture);

    internal static void PrintTable(string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        Console.WriteLine("| " + string.Join(" | ", header.Select((h, i) => h.PadRight(widths[i]))) + " |");
        Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in rows)
        {
            Console.WriteLine("| " + string.Join(" | ", row.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))) + " |");
        }
    }
}
