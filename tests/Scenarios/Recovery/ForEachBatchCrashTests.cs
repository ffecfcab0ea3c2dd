using System.Globalization;
using Sluice.Scenarios.Jobs;
using Xunit.Abstractions;

namespace Sluice.Scenarios.Recovery;

public sealed class ForEachBatchCrashTests(ITestOutputHelper log) : IDisposable
{
    private const string Job = "rate";
    private const long RowsPerSecond = 50;
    private const long MaxRows = 600;
    private const long WindowMs = 2000;
    private const long WatermarkDelayMs = 1000;
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-crash-rate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Windowed_sums_of_the_rate_source_survive_twelve_sigkills_with_every_closed_window_in_exactly_one_epoch_of_for_each_batch()
    {
        var seed = CrashLoop.NewSeed();
        var output = Path.Combine(_dir, "output");
        var conf = ScenarioJobFile.Write(
            _dir,
            Job,
            "crash-rate-windowed-sum",
            ("output", output),
            ("rows-per-second", RowsPerSecond),
            ("max-rows", MaxRows),
            ("window", TimeSpan.FromMilliseconds(WindowMs)),
            ("watermark-delay", TimeSpan.FromMilliseconds(WatermarkDelayMs)));
        List<string>? expected = null;

        var loop = new CrashLoop(_dir, ["run", conf, "--ui-port", "0"], log);
        await loop.RunAsync(seed, kills: 12, isComplete: () => Task.FromResult(CommittedOutput.EpochFiles(output).Count >= (expected ??= Expected(RateOrigin())).Count));

        // The origin the rows' timestamps count from is the one the first run logged: had a restart taken a new one,
        // the windows would differ.
        expected = Expected(RateOrigin());
        Assert.Equal(expected.Order(StringComparer.Ordinal), CommittedOutput.EpochFiles(output).Order(StringComparer.Ordinal));
    }

    /// <summary>The rate source's origin time, from its log in the checkpoint (<c>source_log</c>, source 0, entry 0).</summary>
    private long RateOrigin()
    {
        using var connection = ScenarioJobFile.OpenCheckpointDatabase(_dir, Job);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT entry FROM source_log WHERE source = 0 AND seq = 0;";
        var origin = long.Parse((string)command.ExecuteScalar()!, CultureInfo.InvariantCulture);
        log.WriteLine($"rate origin {DateTimeOffset.FromUnixTimeMilliseconds(origin):O}");
        return origin;
    }

    /// <summary>
    /// The rows the job must write (<c>windowStart,key,count,sum</c>): row v of the rate source has the timestamp of the
    /// second it was due in (origin + v / rows-per-second seconds); windows close once the watermark (the last row's
    /// time minus the delay) reaches their end.
    /// </summary>
    private static List<string> Expected(long originMs)
    {
        var tallies = new SortedDictionary<(long Window, long Key), (long Count, long Sum)>();
        for (var value = 0L; value < MaxRows; value++)
        {
            var time = originMs + (value / RowsPerSecond * 1000);
            var key = (Math.DivRem(time, WindowMs).Quotient * WindowMs, value % RateWindowedSumJob.Keys);
            var (count, sum) = tallies.GetValueOrDefault(key);
            tallies[key] = (count + 1, sum + value);
        }

        var watermark = originMs + ((MaxRows - 1) / RowsPerSecond * 1000) - WatermarkDelayMs;
        return [.. tallies.Where(t => t.Key.Window + WindowMs <= watermark).Select(t => $"{t.Key.Window},{t.Key.Key},{t.Value.Count},{t.Value.Sum}")];
    }
}
