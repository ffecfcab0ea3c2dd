using System.Text.Json;
using Sluice.Scenarios.Processes;

namespace Sluice.Scenarios.Examples;

/// <summary>The sample jobs of hocon/examples run by the real process on the example data, one file per batch, to the end.</summary>
public sealed class SampleJobTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-sample-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Examples => Path.Combine(Sluice.TestKit.RepositoryPaths.Root, "hocon", "examples");

    [Fact]
    public async Task Sensor_monitoring_writes_window_averages_alerts_and_late_readings()
    {
        StageInput(Path.Combine(Examples, "data", "sensors"), "*.jsonl", "sensor-input");
        File.Copy(Path.Combine(Examples, "sensor-monitoring.conf"), Path.Combine(_dir, "sensors.conf"));

        await using var sluice = SluiceProcess.Start(_dir, "run", "sensors.conf", "--ui-port", "0");
        Assert.Equal(0, await sluice.WaitForExitAsync(Wait));

        // [12:00, 12:01) closes once readings-2 moves the watermark to 12:01:15; [12:01, 12:02) and [12:02, 12:03) once
        // readings-4 moves it to 12:03:00 (the no-data batch at the end of AvailableNow); [12:03, 12:04) stays open.
        Assert.Equal(
            [
                """{"DeviceId":"sensor-1","WindowStart":"2026-01-01T12:00:00+00:00","WindowEnd":"2026-01-01T12:01:00+00:00","Readings":3,"AverageTemperature":22}""",
                """{"DeviceId":"sensor-1","WindowStart":"2026-01-01T12:01:00+00:00","WindowEnd":"2026-01-01T12:02:00+00:00","Readings":1,"AverageTemperature":23}""",
                """{"DeviceId":"sensor-1","WindowStart":"2026-01-01T12:02:00+00:00","WindowEnd":"2026-01-01T12:03:00+00:00","Readings":1,"AverageTemperature":25}""",
                """{"DeviceId":"sensor-2","WindowStart":"2026-01-01T12:00:00+00:00","WindowEnd":"2026-01-01T12:01:00+00:00","Readings":2,"AverageTemperature":30.5}""",
                """{"DeviceId":"sensor-2","WindowStart":"2026-01-01T12:01:00+00:00","WindowEnd":"2026-01-01T12:02:00+00:00","Readings":2,"AverageTemperature":32.5}""",
                """{"DeviceId":"sensor-2","WindowStart":"2026-01-01T12:02:00+00:00","WindowEnd":"2026-01-01T12:03:00+00:00","Readings":1,"AverageTemperature":28}""",
                """{"DeviceId":"sensor-3","WindowStart":"2026-01-01T12:00:00+00:00","WindowEnd":"2026-01-01T12:01:00+00:00","Readings":1,"AverageTemperature":19}""",
                """{"DeviceId":"sensor-3","WindowStart":"2026-01-01T12:01:00+00:00","WindowEnd":"2026-01-01T12:02:00+00:00","Readings":1,"AverageTemperature":20}""",
            ],
            Lines("sensor-averages", "epoch-*.jsonl"));
        Assert.Equal(
            [
                """{"DeviceId":"sensor-2","WindowStart":"2026-01-01T12:00:00+00:00","WindowEnd":"2026-01-01T12:01:00+00:00","AverageTemperature":30.5,"Threshold":30}""",
                """{"DeviceId":"sensor-2","WindowStart":"2026-01-01T12:01:00+00:00","WindowEnd":"2026-01-01T12:02:00+00:00","AverageTemperature":32.5,"Threshold":30}""",
            ],
            Lines("sensor-alerts", "epoch-*.jsonl"));

        // Both late readings belong to [12:00, 12:01), whose end is at or before the watermark their batch runs with
        // (12:01:15 for readings-3, 12:01:40 for readings-4). The 40.0 would have raised an alert: late, it does not. They keep
        // the input's shape.
        Assert.Equal(
            [
                """{"deviceId":"sensor-2","timestamp":"2026-01-01T12:00:59+00:00","temperature":40}""",
                """{"deviceId":"sensor-3","timestamp":"2026-01-01T12:00:30+00:00","temperature":18}""",
            ],
            Lines("sensor-late", "epoch-*.jsonl"));
        Assert.Contains("ALERT sensor-2: average 30.5 > 30 in [12:00:00, 12:01:00)", sluice.Output, StringComparison.Ordinal);
        Assert.Contains("ALERT sensor-2: average 32.5 > 30 in [12:01:00, 12:02:00)", sluice.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Card_fraud_flags_windows_over_the_card_limit_or_the_transaction_count()
    {
        StageInput(Path.Combine(Examples, "data", "cards", "transactions"), "*.csv", "card-transactions");
        var conf = await File.ReadAllTextAsync(Path.Combine(Examples, "card-fraud.conf"));
        var limits = Path.Combine(Examples, "data", "cards", "limits.csv");
        await File.WriteAllTextAsync(
            Path.Combine(_dir, "cards.conf"),
            conf.Replace("limits = hocon/examples/data/cards/limits.csv", $"limits = \"{limits}\"", StringComparison.Ordinal));

        await using var sluice = SluiceProcess.Start(_dir, "run", "cards.conf", "--ui-port", "0");
        Assert.Equal(0, await sluice.WaitForExitAsync(Wait));

        // card-1 spends 570.00 (limit 500.00) in [12:00, 12:10); card-3 pays 4 times there (at most 3); card-4 is not in the
        // limits file, so its 350.00 is judged against the default 300.00 in both windows holding it. Every other window passes.
        Assert.Equal(
            [
                """{"CardId":"card-1","WindowStart":"2026-01-01T12:00:00+00:00","WindowEnd":"2026-01-01T12:10:00+00:00","Spend":570.00,"Transactions":3,"Limit":500.00,"Reason":"spend 570.00 over limit 500.00"}""",
                """{"CardId":"card-3","WindowStart":"2026-01-01T12:00:00+00:00","WindowEnd":"2026-01-01T12:10:00+00:00","Spend":180.00,"Transactions":4,"Limit":200.00,"Reason":"4 transactions over 3"}""",
                """{"CardId":"card-4","WindowStart":"2026-01-01T12:15:00+00:00","WindowEnd":"2026-01-01T12:25:00+00:00","Spend":350.00,"Transactions":1,"Limit":300.00,"Reason":"spend 350.00 over limit 300.00 (unknown card: default limit)"}""",
                """{"CardId":"card-4","WindowStart":"2026-01-01T12:20:00+00:00","WindowEnd":"2026-01-01T12:30:00+00:00","Spend":350.00,"Transactions":1,"Limit":300.00,"Reason":"spend 350.00 over limit 300.00 (unknown card: default limit)"}""",
            ],
            Lines("card-flagged", "part-*.jsonl"));
    }

    /// <summary>Copies the example files into <paramref name="target"/>, a minute apart in modification time (the source's order).</summary>
    private void StageInput(string from, string pattern, string target)
    {
        var input = Directory.CreateDirectory(Path.Combine(_dir, target)).FullName;
        var time = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        foreach (var file in Directory.GetFiles(from, pattern).Order(StringComparer.Ordinal))
        {
            var staged = Path.Combine(_dir, Path.GetFileName(file) + ".staged");
            File.Copy(file, staged);
            File.SetLastWriteTimeUtc(staged, time);
            File.Move(staged, Path.Combine(input, Path.GetFileName(file)));
            time = time.AddMinutes(1);
        }
    }

    private string[] Lines(string directory, string pattern) =>
        [.. Directory.GetFiles(Path.Combine(_dir, directory), pattern).SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal)];
}
