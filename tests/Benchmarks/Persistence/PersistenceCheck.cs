using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sluice.Actors;
using Sluice.Actors.Configuration;
using Sluice.Persistence;
using Sluice.Persistence.Journal;

namespace Sluice.Benchmarks.Persistence;

/// <summary>
/// Persisted events per second with 1, 100 and 10,000 persistent actors (each persists, waits for its handler, persists
/// again) and replay speed, on SQLite and PostgreSQL, each beside a raw driver loop writing or reading the same rows in
/// the same run (serializing each event to JSON before writing it, deserializing each payload after reading it, as the
/// journal must); prints a table with the ratios. Each persist case also runs with max-in-flight-batches = 1.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- persistence [sqlite|postgres|replay-profile]</c>.
/// </summary>
public static class PersistenceCheck
{
    /// <summary>The journal's batch size (the reference default); the raw loops use min(actors, this) rows per transaction.</summary>
    private const int BatchSize = 500;
    private const int ReplayActors = 10;
    private const int ReplayEventsPerActor = 20_000;
    private static readonly int[] WriterCounts = [1, 100, 10_000];
    private const int Rounds = 3;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public static async Task RunAsync(string[] args)
    {
        var only = args.Length > 0 ? args[0] : null;
        if (only == "replay-profile")
        {
            await ReplayProfile.RunAsync().ConfigureAwait(false);
            return;
        }

        var rows = new List<string[]>();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, load average at start: {File.ReadAllText("/proc/loadavg").Trim()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"event payload: {new RawRows("x", 1).Payload.Length} bytes of JSON; journal batch-size {BatchSize}, max-in-flight-batches from reference.conf"));
        if (only is null or "sqlite")
        {
            await using var sqlite = await SqliteBackend.StartAsync().ConfigureAwait(false);
            await RunAsync(sqlite, rows).ConfigureAwait(false);
        }

        if (only is null or "postgres")
        {
            await using var postgres = await PostgresBackend.StartAsync().ConfigureAwait(false);
            await RunAsync(postgres, rows).ConfigureAwait(false);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}"));
        Console.WriteLine();
        Console.WriteLine(Table(["store", "case", "baseline", "baseline ev/s", "Sluice ev/s", "ratio", "ratio per round", "journal store calls (last round)"], rows));
    }

    private static async Task RunAsync(Backend backend, List<string[]> rows)
    {
        // Baseline and journal alternate in rounds: the machine is shared and its load (and its disk's fsync latency)
        // changes by the second, so each round's ratio compares neighbours in time; the table shows the medians.
        var timed = new TimedJournal(backend.Journal);
        foreach (var writers in WriterCounts)
        {
            var batch = Math.Min(writers, BatchSize);
            var raw = new Rate[Rounds];
            var extra = new Rate[Rounds];
            var actors = new Rate[Rounds];
            var pipelined = new Rate[Rounds];
            var note = "";
            var pipelinedNote = "";
            for (var round = 0; round < Rounds; round++)
            {
                raw[round] = await RawAsync(backend.RawWriteAsync, $"raw-{writers}-{round}", writers, batch).ConfigureAwait(false);
                if (backend.ExtraWriteName is not null)
                {
                    extra[round] = await RawAsync(backend.ExtraWriteAsync, $"extra-{writers}-{round}", writers, batch).ConfigureAwait(false);
                }

                (actors[round], note) = await PersistLoopAsync(timed, writers, $"actor-{writers}-{round}", inFlight: null).ConfigureAwait(false);
                (pipelined[round], pipelinedNote) = await PersistLoopAsync(timed, writers, $"actor1-{writers}-{round}", inFlight: 1).ConfigureAwait(false);
            }

            var what = $"persist, {writers:N0} actors";
            Add(rows, [.. Row(backend.Name, what, $"{backend.RawWriteName} of {batch}", raw, actors), note]);
            Add(rows, [.. Row(backend.Name, what + ", max-in-flight-batches = 1", $"{backend.RawWriteName} of {batch}", raw, pipelined), pipelinedNote]);
            if (backend.ExtraWriteName is not null)
            {
                Add(rows, [.. Row(backend.Name, what, $"{backend.ExtraWriteName} of {batch} (reference)", extra, actors), ""]);
            }
        }

        var pids = await PopulateAsync(backend.Journal).ConfigureAwait(false);
        var rawReplay = new Rate[Rounds];
        var storeReplay = new Rate[Rounds];
        var recovery = new Rate[Rounds];
        for (var round = 0; round < Rounds; round++)
        {
            rawReplay[round] = await TimeAsync(async () => Sum(await Task.WhenAll(pids.Select(backend.RawReplayAsync)).ConfigureAwait(false))).ConfigureAwait(false);
            storeReplay[round] = await TimeAsync(() => StoreReplayAsync(backend.Journal, pids)).ConfigureAwait(false);
            recovery[round] = await RecoverAsync(backend.Journal, pids).ConfigureAwait(false);
        }

        var replayCase = $"replay, {ReplayActors} actors x {ReplayEventsPerActor:N0}";
        Add(rows, [.. Row(backend.Name, replayCase + " (store call)", "raw SELECT + JSON read loop", rawReplay, storeReplay), ""]);
        Add(rows, [.. Row(backend.Name, replayCase + " (actor recovery)", "raw SELECT + JSON read loop", rawReplay, recovery), ""]);
    }

    private static void Add(List<string[]> rows, string[] row)
    {
        rows.Add(row);
        Console.WriteLine(string.Join(" | ", row));
    }

    private static async Task<Rate> RawAsync(Func<RawRows, int, TimeSpan, Task<Rate>> loop, string prefix, int writers, int batch)
    {
        var rows = new RawRows(prefix, writers);
        await loop(rows, batch, Warmup).ConfigureAwait(false);
        return await loop(rows, batch, Measure).ConfigureAwait(false);
    }

    // inFlight: null runs the reference.conf value of max-in-flight-batches.
    private static async Task<(Rate Rate, string Busy)> PersistLoopAsync(TimedJournal journal, int writers, string prefix, int? inFlight)
    {
        var config = $"sluice.persistence.journal.batch-size = {BatchSize}" + (inFlight is { } n ? $"\nsluice.persistence.journal.max-in-flight-batches = {n}" : "");
        var system = ActorSystem.Create("persistence-bench", Config.Parse(config));
        await using (system.ConfigureAwait(false))
        {
            SluicePersistence.Start(system, journal, snapshots: null);
            var probe = new LoopProbe(writers);
            var actors = new IActorRef[writers];
            for (var i = 0; i < writers; i++)
            {
                var pid = $"{prefix}-{i}";
                actors[i] = system.ActorOf(Props.Create(() => new LoopWriter(pid, probe)));
            }

            await probe.AllRecovered.Task.WaitAsync(Deadline).ConfigureAwait(false);
            foreach (var actor in actors) actor.Tell(LoopWriter.Go.Instance, null);
            await Task.Delay(Warmup).ConfigureAwait(false);
            var before = probe.Persisted;
            var (calls0, events0, busy0) = journal.Snapshot();
            var start = Stopwatch.GetTimestamp();
            await Task.Delay(Measure).ConfigureAwait(false);
            var rate = Rate.Since(probe.Persisted - before, start);
            var (calls1, events1, busy1) = journal.Snapshot();
            var busy = string.Create(
                CultureInfo.InvariantCulture,
                $"{(double)(events1 - events0) / Math.Max(1, calls1 - calls0):0} ev/call, store busy {(busy1 - busy0) / rate.Elapsed:P0}");
            probe.Stop();
            await probe.Drained.Task.WaitAsync(Deadline).ConfigureAwait(false);
            return (rate, busy);
        }
    }

    private static async Task<string[]> PopulateAsync(IJournalStore journal)
    {
        var pids = new string[ReplayActors];
        var writes = new List<AtomicWrite>(1000);
        var guid = Guid.NewGuid().ToString("N");
        for (var a = 0; a < ReplayActors; a++)
        {
            pids[a] = $"replay-{a}";
            for (var seq = 1; seq <= ReplayEventsPerActor; seq++)
            {
                writes.Add(new AtomicWrite(new PersistentRepresentation(pids[a], seq, BenchEvent.Sample, guid)));
                if (writes.Count == 1000)
                {
                    await journal.WriteMessagesAsync(writes, CancellationToken.None).ConfigureAwait(false);
                    writes = new List<AtomicWrite>(1000);
                }
            }
        }

        if (writes.Count > 0) await journal.WriteMessagesAsync(writes, CancellationToken.None).ConfigureAwait(false);
        return pids;
    }

    private static async Task<long> StoreReplayAsync(IJournalStore journal, string[] pids)
    {
        long count = 0;
        await Task.WhenAll(pids.Select(pid => journal.ReplayMessagesAsync(
            pid, 1, long.MaxValue, long.MaxValue, _ => Interlocked.Increment(ref count), CancellationToken.None))).ConfigureAwait(false);
        return count;
    }

    private static async Task<Rate> RecoverAsync(IJournalStore journal, string[] pids)
    {
        var system = ActorSystem.Create("persistence-bench-replay");
        await using (system.ConfigureAwait(false))
        {
            SluicePersistence.Start(system, journal, snapshots: null);
            var probe = new LoopProbe(pids.Length);
            var start = Stopwatch.GetTimestamp();
            foreach (var pid in pids) system.ActorOf(Props.Create(() => new LoopWriter(pid, probe)));
            await probe.AllRecovered.Task.WaitAsync(Deadline).ConfigureAwait(false);
            return Check(Rate.Since(probe.Replayed, start));
        }
    }

    private static async Task<Rate> TimeAsync(Func<Task<long>> run)
    {
        var start = Stopwatch.GetTimestamp();
        return Check(Rate.Since(await run().ConfigureAwait(false), start));
    }

    private static Rate Check(Rate rate) => rate.Events == (long)ReplayActors * ReplayEventsPerActor
        ? rate
        : throw new InvalidOperationException($"Replayed {rate.Events} events, expected {ReplayActors * ReplayEventsPerActor}.");

    private static long Sum(long[] counts)
    {
        long sum = 0;
        foreach (var c in counts) sum += c;
        return sum;
    }

    private static string[] Row(string store, string what, string baseline, Rate[] raw, Rate[] sluice)
    {
        var ratios = new double[raw.Length];
        for (var i = 0; i < raw.Length; i++) ratios[i] = sluice[i].PerSecond / raw[i].PerSecond;
        return
        [
            store, what, baseline, Format(Median(raw.Select(r => r.PerSecond))), Format(Median(sluice.Select(r => r.PerSecond))),
            Median(ratios).ToString("0.00", CultureInfo.InvariantCulture),
            string.Join(" / ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture))),
        ];
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Format(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string Table(string[] header, List<string[]> rows)
    {
        var widths = new int[header.Length];
        foreach (var row in rows.Prepend(header))
        {
            for (var i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        }

        var text = new StringBuilder();
        void Line(string[] cells) => text.Append("| ").AppendJoin(" | ", cells.Select((c, i) => i is >= 3 and <= 6 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).AppendLine(" |");
        Line(header);
        Line([.. widths.Select(w => new string('-', w))]);
        foreach (var row in rows) Line(row);
        return text.ToString();
    }
}
