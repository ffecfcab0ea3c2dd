using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Sluice.Persistence;
using Sluice.Persistence.Journal;
using Sluice.Persistence.Serialization;

namespace Sluice.Benchmarks.Persistence;

/// <summary>Where the time of a SQLite replay goes: one persistence id's rows read by single-threaded loops that add
/// one step at a time (read the columns, deserialize, the store call), best of several runs each; and one-row commits,
/// raw and through the store, for a second each, three times in turn.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- persistence replay-profile</c>.</summary>
public static class ReplayProfile
{
    private const int Events = 50_000;
    private const int Runs = 7;

    public static async Task RunAsync()
    {
        await using var backend = await SqliteBackend.StartAsync().ConfigureAwait(false);
        const string Pid = "profile";
        var writes = new List<AtomicWrite>();
        for (var seq = 1; seq <= Events; seq++) writes.Add(new AtomicWrite(new PersistentRepresentation(Pid, seq, BenchEvent.Sample, "w")));
        await backend.Journal.WriteMessagesAsync(writes, CancellationToken.None).ConfigureAwait(false);
        var options = System.Text.Json.JsonSerializerOptions.Default;
        var type = BenchEvent.Sample.GetType(); // as the journal knows it: from the manifest, at run time

        Report("raw read columns", () => backend.RawReplay(Pid, static r => RawRows.ReadColumns(r)));
        Report("raw read columns + Deserialize<T>", () => backend.RawReplay(Pid, static r => Sink(System.Text.Json.JsonSerializer.Deserialize<BenchEvent>(RawRows.ReadColumns(r)))));
        Report("raw read columns + Deserialize(Type)", () => backend.RawReplay(Pid, r => Sink(System.Text.Json.JsonSerializer.Deserialize(RawRows.ReadColumns(r), type, options))));
        for (var i = 0; i < 3; i++)
        {
            var rows = new RawRows($"commit-{i}", 1);
            Report("raw 1-row commits", () => backend.RawWriteAsync(rows, 1, TimeSpan.FromSeconds(1)).GetAwaiter().GetResult().Events, check: false);
            long seq = 0;
            var pid = $"store-commit-{i}";
            Report("store 1-event WriteMessagesAsync", () =>
            {
                var start = Stopwatch.GetTimestamp();
                long n = 0;
                while (Stopwatch.GetElapsedTime(start) < TimeSpan.FromSeconds(1))
                {
                    backend.Journal.WriteMessagesAsync([new AtomicWrite(new PersistentRepresentation(pid, ++seq, BenchEvent.Sample, "w"))], CancellationToken.None).GetAwaiter().GetResult();
                    n++;
                }

                return n;
            }, check: false);
        }

        Report("store ReplayMessagesAsync", () =>
        {
            long n = 0;
            backend.Journal.ReplayMessagesAsync(Pid, 1, long.MaxValue, long.MaxValue, _ => n++, CancellationToken.None).GetAwaiter().GetResult();
            return n;
        });
    }

    private static object? _sink;

    private static void Sink(object? value) => _sink = value;

    private static void Report(string what, Func<long> run, bool check = true)
    {
        var best = 0.0;
        for (var i = 0; i < (check ? Runs : 1); i++)
        {
            var start = Stopwatch.GetTimestamp();
            var n = run();
            var rate = n / Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (check && n != Events) throw new InvalidOperationException($"{what}: {n} rows, expected {Events}");
            best = Math.Max(best, rate);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-40} {best,12:N0} ev/s (best of {Runs}); load {File.ReadAllText("/proc/loadavg").Trim()}"));
    }
}
