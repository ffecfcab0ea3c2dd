using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;

namespace Sluice.Benchmarks.Queries;

/// <summary>
/// End-to-end latency of the continuous keyed word count (Trigger.Continuous, Update mode, state in memory): first its
/// maximum throughput (a backlog of sentences drained as fast as the query can), then a run at half of it from a
/// rate-limited producer that adds the sentences due every millisecond. Two measurements of the same run: the
/// engine's per-row latencies from the progress records (source read to sink hand-over, per epoch), and an external
/// one: for each addition of sentences, the time from <c>AddData</c> until the counts handed to the sink include all
/// its words (weighted by its words).
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- wordcount-latency [--seconds N]</c> (default 10).
/// </summary>
public static class WordCountLatencyCheck
{
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(string[] args)
    {
        var seconds = WordCountCheck.ParseSeconds(args, 10);
        var corpus = WordCorpus.Create(WordCountCheck.Seed, 200_000);
        Console.WriteLine($"continuous keyed word count latency: checkpoint every {CheckpointInterval.TotalSeconds} s, {seconds} s at half the maximum throughput, {Environment.ProcessorCount} cores, load average {WordCountCheck.LoadAverage()}");
        var max = await MeasureMaxAsync(corpus).ConfigureAwait(false);
        Console.WriteLine($"maximum throughput (backlog of 200,000 sentences drained): {WordCountCheck.Rate(max)} words/s");
        var half = max / 2;
        var (external, epochs, achieved) = await RunAtRateAsync(corpus, half, seconds).ConfigureAwait(false);
        Console.WriteLine($"load average after: {WordCountCheck.LoadAverage()}");
        var rows = new List<string[]>
        {
            new[] { "external: AddData to counts at the sink", WordCountCheck.Rate(achieved), Ms(external.P50), Ms(external.P99), Ms(external.Max) },
            new[] { "engine progress: worst epoch", WordCountCheck.Rate(achieved), Ms(epochs.Max(e => e["p50"])), Ms(epochs.Max(e => e["p99"])), Ms(epochs.Max(e => e["max"])) },
            new[] { "engine progress: median epoch", WordCountCheck.Rate(achieved), Ms(Median(epochs.Select(e => e["p50"]))), Ms(Median(epochs.Select(e => e["p99"]))), Ms(Median(epochs.Select(e => e["max"]))) },
        };
        WordCountCheck.PrintTable(["latency at half of max throughput", "words/s", "p50 ms", "p99 ms", "max ms"], rows);
        Console.WriteLine($"target: p99 <= 10 ms; {epochs.Count} epochs measured");
    }

    private static string Ms(double ms) => ms.ToString("F2", CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }

    private static async Task<(StreamingQuery Query, MemorySource<Sentence> Source, TotalSink Sink)> StartAsync()
    {
        var source = new MemorySource<Sentence>("sentences");
        var sink = new TotalSink();
        var query = await DataStream.From(source).SelectMany(s => s.Text.Split(' ')).GroupBy(w => w).Count()
            .WriteStream().OutputMode(OutputMode.Update).Trigger(Trigger.Continuous(CheckpointInterval))
            .StartAsync(sink).ConfigureAwait(false);
        return (query, source, sink);
    }

    private static async Task<double> MeasureMaxAsync(WordCorpus corpus)
    {
        var (query, source, sink) = await StartAsync().ConfigureAwait(false);
        try
        {
            // Warm-up, then the backlog.
            source.AddData(corpus.Chunk(0, 20_000));
            await sink.WaitForTotalAsync(corpus.WordsIn(0, 20_000)).ConfigureAwait(false);
            const int Backlog = 200_000;
            var watch = Stopwatch.StartNew();
            source.AddData(corpus.Chunk(20_000, Backlog));
            await sink.WaitForTotalAsync(corpus.WordsIn(0, 20_000 + Backlog)).ConfigureAwait(false);
            return corpus.WordsIn(20_000, Backlog) / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            await query.StopAsync().ConfigureAwait(false);
        }
    }

    private static async Task<((double P50, double P99, double Max) External, List<IReadOnlyDictionary<string, double>> Epochs, double Achieved)> RunAtRateAsync(WordCorpus corpus, double wordsPerSecond, int seconds)
    {
        var (query, source, sink) = await StartAsync().ConfigureAwait(false);
        try
        {
            source.AddData(corpus.Chunk(0, 10_000));
            await sink.WaitForTotalAsync(corpus.WordsIn(0, 10_000)).ConfigureAwait(false);
            await sink.WaitForEpochAsync().ConfigureAwait(false); // the warm-up's epoch ends: measure the epochs after it
            var firstEpoch = sink.LastWrittenEpoch + 1;
            var gcPause = GC.GetTotalPauseDuration();
            var gcCounts = (Gen0: GC.CollectionCount(0), Gen1: GC.CollectionCount(1), Gen2: GC.CollectionCount(2));
            sink.StartRecording();

            var sentencesPerSecond = wordsPerSecond / (corpus.WordsIn(0, corpus.PoolSize) / (double)corpus.PoolSize);
            long added = 10_000;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                var due = 10_000 + (long)(sentencesPerSecond * watch.Elapsed.TotalSeconds);
                if (due > added)
                {
                    var count = (int)(due - added);
                    var chunk = corpus.Chunk(added, count);
                    added = due;
                    sink.Expect(Stopwatch.GetTimestamp(), corpus.WordsIn(0, added), corpus.WordsIn(added - count, count));
                    source.AddData(chunk);
                }

                await Task.Delay(1).ConfigureAwait(false);
            }

            var achieved = corpus.WordsIn(10_000, added - 10_000) / watch.Elapsed.TotalSeconds;
            await sink.WaitForTotalAsync(corpus.WordsIn(0, added)).ConfigureAwait(false);
            await sink.WaitForEpochAsync().ConfigureAwait(false);
            var epochs = query.RecentProgress.Where(p => p.BatchId >= firstEpoch && p.LatencyMs.Count > 0).Select(p => p.LatencyMs).ToList();

            // The latency tail follows the garbage collector's pauses: say how long they were.
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"garbage collection during the measured run: {(GC.GetTotalPauseDuration() - gcPause).TotalMilliseconds:F0} ms of pauses, collections gen0 {GC.CollectionCount(0) - gcCounts.Gen0}, gen1 {GC.CollectionCount(1) - gcCounts.Gen1}, gen2 {GC.CollectionCount(2) - gcCounts.Gen2} (concurrent GC: {System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.Batch})"));
            return (sink.Percentiles(), epochs, achieved);
        }
        finally
        {
            await query.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Keeps the latest count per word from the rows handed over continuously, and the running total of words they
    /// account for; matches it against the producer's additions to time them end to end.
    /// </summary>
    private sealed class TotalSink : QuerySink<KeyedValue<string, long>>
    {
        private readonly Dictionary<string, long> _latest = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<(long Ticks, long TotalAfter, long Words)> _expected = new();
        private readonly List<(double Ms, long Words)> _latencies = [];
        private readonly Lock _gate = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _total;
        private long _lastWritten = -1;
        private bool _recording;

        public override string Description => "TotalSink";

        // Every row is taken in WriteContinuousAsync: the epoch's rows are not needed again at its end.
        public override bool NeedsEpochRowsInContinuousMode => false;

        public void StartRecording() => _recording = true;

        public void Expect(long ticks, long totalAfter, long words) => _expected.Enqueue((ticks, totalAfter, words));

        public async Task WaitForTotalAsync(long total)
        {
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    if (_total >= total)
                    {
                        return;
                    }

                    changed = _changed.Task;
                }

                await changed.WaitAsync(TimeSpan.FromMinutes(2)).ConfigureAwait(false);
            }
        }

        public long LastWrittenEpoch
        {
            get
            {
                lock (_gate)
                {
                    return _lastWritten;
                }
            }
        }

        public async Task WaitForEpochAsync()
        {
            var start = LastWrittenEpoch;
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    if (_lastWritten != start)
                    {
                        return;
                    }

                    changed = _changed.Task;
                }

                await changed.WaitAsync(TimeSpan.FromMinutes(1)).ConfigureAwait(false);
            }
        }

        public (double P50, double P99, double Max) Percentiles()
        {
            lock (_gate)
            {
                var sorted = _latencies.OrderBy(l => l.Ms).ToList();
                var total = sorted.Sum(l => l.Words);
                double At(double p)
                {
                    var rank = Math.Max(1, (long)Math.Ceiling(p * total));
                    long seen = 0;
                    foreach (var (ms, words) in sorted)
                    {
                        seen += words;
                        if (seen >= rank)
                        {
                            return ms;
                        }
                    }

                    return double.NaN;
                }

                return sorted.Count == 0 ? (double.NaN, double.NaN, double.NaN) : (At(0.50), At(0.99), sorted[^1].Ms);
            }
        }

        public override ValueTask WriteContinuousAsync(long epochId, IReadOnlyList<KeyedValue<string, long>> rows, CancellationToken cancellationToken)
        {
            var now = Stopwatch.GetTimestamp();
            TaskCompletionSource changed;
            lock (_gate)
            {
                foreach (var row in rows)
                {
                    ref var latest = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_latest, row.Key, out _);
                    _total += row.Value - latest;
                    latest = row.Value;
                }

                while (_expected.TryPeek(out var head) && _total >= head.TotalAfter)
                {
                    _expected.TryDequeue(out _);
                    if (_recording)
                    {
                        _latencies.Add((Stopwatch.GetElapsedTime(head.Ticks, now).TotalMilliseconds, head.Words));
                    }
                }

                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
            return ValueTask.CompletedTask;
        }

        protected override ValueTask WriteEpochAsync(long epochId, IReadOnlyList<KeyedValue<string, long>> rows, OutputMode mode, CancellationToken cancellationToken)
        {
            TaskCompletionSource changed;
            lock (_gate)
            {
                _lastWritten = epochId;
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
