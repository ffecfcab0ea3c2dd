using System.Globalization;
using System.Text.Json.Serialization;
using Sluice.Graphs.Aggregations;
using Sluice.Graphs.IO.Files;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Windows;

namespace Sluice.Host.Jobs.Samples;

/// <summary>
/// IoT sensor monitoring: temperature readings (<c>{"deviceId": ..., "timestamp": ..., "temperature": ...}</c> JSON lines)
/// from the files that appear in a directory; per device, the average temperature of each tumbling event-time window,
/// emitted once the watermark passes the window's end (append mode); an alert for each window whose average is above the
/// threshold; readings too late for their window (at or before the watermark) go to a side output of their own.
/// Each output is a directory of JSON-lines files, one per batch, rewritten identically if a batch runs again after a
/// crash. Settings: <c>input</c>, <c>averages</c>, <c>alerts</c>, <c>late</c> (directories), <c>window</c> (1m),
/// <c>watermark-delay</c> (30s), <c>alert-threshold</c> (30.0, degrees), <c>max-files-per-trigger</c> (10),
/// <c>trigger</c> (5s; or available-now to process the files present and stop).
/// </summary>
public sealed class SensorMonitoringJob : IStreamJob
{
    /// <inheritdoc />
    public string Type => "sensor-monitoring";

    /// <inheritdoc />
    public Task<StreamingQuery> StartAsync(StreamJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var averages = settings.GetString("averages");
        var alerts = settings.GetString("alerts");
        var late = settings.GetString("late");
        var window = settings.GetDuration("window", TimeSpan.FromMinutes(1));
        var delay = settings.GetDuration("watermark-delay", TimeSpan.FromSeconds(30));
        var threshold = settings.HasPath("alert-threshold") ? settings.GetDouble("alert-threshold") : 30.0;
        var output = context.Output;

        return DataStream.Files<SensorReading>(settings.GetString("input"), FileFormat.JsonLines, settings.GetInt("max-files-per-trigger", 10))
            .WithTimestamps(static r => r.Timestamp)
            .WithWatermark(delay)
            .GroupBy(static r => r.DeviceId, Window.Tumbling(window))
            .Aggregate(
                (Count: 0L, Sum: 0.0),
                static (acc, r) => (acc.Count + 1, acc.Sum + r.Temperature),
                static (a, b) => (a.Count + b.Count, a.Sum + b.Sum),
                static acc => acc)
            .LateDataTo<SensorReading>((rows, epoch) =>
                EpochFiles.Write(late, epoch, [.. rows.Select(static r => r.Value)]))
            .Select(static r => new WindowAverage(r.Key, r.Window.Start, r.Window.End, r.Value.Count, Math.Round(r.Value.Sum / r.Value.Count, 3)))
            .WriteStream(context)
            .OutputMode(OutputMode.Append)
            .Trigger(settings.GetTrigger("trigger", Trigger.ProcessingTime(TimeSpan.FromSeconds(5))))
            .ForEachBatchAsync((rows, epoch) =>
            {
                var raised = rows.Where(r => r.AverageTemperature > threshold)
                    .Select(r => new TemperatureAlert(r.DeviceId, r.WindowStart, r.WindowEnd, r.AverageTemperature, threshold))
                    .ToList();
                EpochFiles.Write(averages, epoch, rows);
                EpochFiles.Write(alerts, epoch, raised);
                foreach (var alert in raised)
                {
                    output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"ALERT {alert.DeviceId}: average {alert.AverageTemperature} > {threshold} in [{alert.WindowStart:HH:mm:ss}, {alert.WindowEnd:HH:mm:ss})"));
                }
            });
    }

    /// <summary>A temperature reading of a device.</summary>
    /// <param name="DeviceId">The device.</param>
    /// <param name="Timestamp">When it was measured (event time).</param>
    /// <param name="Temperature">Degrees.</param>
    public sealed record SensorReading(
        [property: JsonPropertyName("deviceId")] string DeviceId,
        [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
        [property: JsonPropertyName("temperature")] double Temperature);

    /// <summary>A device's average temperature over one window.</summary>
    /// <param name="DeviceId">The device.</param>
    /// <param name="WindowStart">The window's start (inclusive).</param>
    /// <param name="WindowEnd">The window's end (exclusive).</param>
    /// <param name="Readings">Readings in the window.</param>
    /// <param name="AverageTemperature">Their mean, rounded to 3 decimals.</param>
    public sealed record WindowAverage(string DeviceId, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, long Readings, double AverageTemperature);

    /// <summary>A window whose average temperature is above the threshold.</summary>
    /// <param name="DeviceId">The device.</param>
    /// <param name="WindowStart">The window's start (inclusive).</param>
    /// <param name="WindowEnd">The window's end (exclusive).</param>
    /// <param name="AverageTemperature">The window's average.</param>
    /// <param name="Threshold">The threshold it exceeds.</param>
    public sealed record TemperatureAlert(string DeviceId, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, double AverageTemperature, double Threshold);
}
