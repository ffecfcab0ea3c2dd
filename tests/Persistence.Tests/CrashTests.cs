using System.Diagnostics;
using System.Globalization;
using Sluice.Persistence.Sqlite;
using Xunit.Abstractions;

namespace Sluice.Persistence.Tests;

/// <summary>A writer process killed with SIGKILL loses no acknowledged event and stores none twice.</summary>
public sealed class CrashTests(TempDirectory directory, ITestOutputHelper output) : IClassFixture<TempDirectory>
{
    [Fact]
    public async Task Every_acknowledged_event_survives_SIGKILL_exactly_once_and_in_order()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var acked = new Dictionary<string, long>(StringComparer.Ordinal);

        await RunAndKillAsync(200 + random.Next(300), acked);
        var afterFirst = new Dictionary<string, long>(acked, StringComparer.Ordinal);
        await RunAndKillAsync(200 + random.Next(300), acked);

        Assert.Contains(acked, a => a.Value > afterFirst.GetValueOrDefault(a.Key));
        await using var journal = new SqliteJournal(new SqliteStoreSettings(directory.Path));
        foreach (var (pid, highestAcked) in acked)
        {
            var replayed = new List<(long SequenceNr, object Payload)>();
            await journal.ReplayMessagesAsync(pid, 1, long.MaxValue, long.MaxValue, e => replayed.Add((e.SequenceNr, e.Payload)), CancellationToken.None);
            output.WriteLine($"{pid}: acknowledged {highestAcked}, stored {replayed.Count}");
            Assert.True(replayed.Count >= highestAcked, $"{pid}: {highestAcked} acknowledged but only {replayed.Count} stored");
            for (var i = 0; i < replayed.Count; i++)
            {
                Assert.Equal((i + 1L, (object)(i + 1L)), replayed[i]);
            }
        }
    }

    private async Task RunAndKillAsync(int acksBeforeKill, Dictionary<string, long> acked)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(WriterPath());
        start.ArgumentList.Add(directory.Path);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var count = 0;
        var killed = false;
        var thisRun = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == "started") continue;
            var parts = line.Split(' ');
            var seqNr = long.Parse(parts[1], CultureInfo.InvariantCulture);
            // Within a run acknowledgements are consecutive; after a restart the first one may skip events that were
            // committed but not yet acknowledged when the previous run was killed.
            var previous = acked.GetValueOrDefault(parts[0]);
            var consecutive = thisRun.ContainsKey(parts[0]) ? seqNr == previous + 1 : seqNr > previous;
            Assert.True(consecutive, $"{parts[0]} acknowledged {seqNr} after {previous}");
            acked[parts[0]] = thisRun[parts[0]] = seqNr;
            if (++count >= acksBeforeKill && !killed)
            {
                process.Kill(); // SIGKILL: no shutdown hook runs; lines already printed are still read below
                killed = true;
            }
        }

        await process.WaitForExitAsync(timeout.Token);
        Assert.True(killed, $"The writer exited by itself: {await process.StandardError.ReadToEndAsync(timeout.Token)}");
        output.WriteLine($"killed after {count} acknowledgements");
    }

    private static string WriterPath()
    {
        var ownFolder = AppContext.BaseDirectory;
        var path = Path.Combine(ownFolder.Replace("Persistence.Tests", "Persistence.CrashWriter", StringComparison.Ordinal), "Sluice.Persistence.CrashWriter.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The crash writer is missing at {path}; build tests/Persistence.CrashWriter first.", path);
    }
}
