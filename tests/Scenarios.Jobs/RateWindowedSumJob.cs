using System.Globalization;
using System.Text;
using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Windows;
using Sluice.Host.Jobs;

namespace Sluice.Scenarios.Jobs;

/// <summary>
/// The rate source's first <c>max-rows</c> rows, grouped by value modulo 3 in tumbling windows of the rows' own
/// timestamps (the rate source computes them from the origin time it logs in the checkpoint), counted and summed, each
/// closed window handed to ForEachBatch. The batch function writes epoch N's rows to <c>epoch-N.csv</c> in the output
/// directory, replacing any earlier attempt of N: idempotent by epoch id, as Spark's foreachBatch contract asks.
/// Settings: <c>output</c>, <c>rows-per-second</c> (50), <c>max-rows</c> (the bound), <c>max-rows-per-trigger</c>
/// (rows-per-second / 2), <c>trigger-interval</c> (100ms), <c>window</c> (2s), <c>watermark-delay</c> (1s).
/// </summary>
public sealed class RateWindowedSumJob : IStreamJob
{
    /// <summary>The number of keys the rows are grouped by (value modulo this).</summary>
    public const int Keys = 3;

    /// <inheritdoc />
    public string Type => "crash-rate-windowed-sum";

    /// <inheritdoc />
    public Task<StreamingQuery> StartAsync(StreamJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var output = Directory.CreateDirectory(settings.GetString("output")).FullName;
        var rowsPerSecond = settings.GetInt("rows-per-second", 50);
        long maxRows = settings.GetInt("max-rows");
        return DataStream.Rate(rowsPerSecond, maxRowsPerTrigger: settings.GetInt("max-rows-per-trigger", Math.Max(1, rowsPerSecond / 2)))
            .Where(r => r.Value < maxRows)
            .WithWatermark(static r => r.Timestamp, settings.GetDuration("watermark-delay", TimeSpan.FromSeconds(1)))
            .GroupBy(static r => r.Value % Keys, Window.Tumbling(settings.GetDuration("window", TimeSpan.FromSeconds(2))))
            .Aggregate(new Tally(0, 0), static (t, r) => new Tally(t.Count + 1, t.Sum + r.Value), static (a, b) => new Tally(a.Count + b.Count, a.Sum + b.Sum))
            .WriteDurably(context)
            .ForEachBatchAsync((rows, epoch, ct) => WriteEpochAsync(output, rows, epoch, ct));
    }

    /// <summary>Writes the epoch's file whole (staged, then renamed over any earlier attempt), so a replay replaces it.</summary>
    private static async ValueTask WriteEpochAsync(string output, IReadOnlyList<WindowedRow<long, Tally>> rows, long epoch, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{row.Window.StartMs},{row.Key},{row.Value.Count},{row.Value.Sum}\n");
        }

        var name = $"epoch-{epoch:D8}.csv";
        var staged = Path.Combine(output, "_" + name);
        await File.WriteAllTextAsync(staged, text.ToString(), cancellationToken).ConfigureAwait(false);
        File.Move(staged, Path.Combine(output, name), overwrite: true);
    }

    /// <summary>The count and sum of the values of one key in one window.</summary>
    /// <param name="Count">How many rows.</param>
    /// <param name="Sum">The sum of their values.</param>
    public sealed record Tally(long Count, long Sum);
}
