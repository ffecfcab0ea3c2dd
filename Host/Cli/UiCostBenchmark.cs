using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Sluice.Graphs.Aggregations;
using Sluice.Graphs.IO.Files;
using Sluice.Graphs.Queries;
using Sluice.Host.Hosting;
using Sluice.Host.Metrics;
using Sluice.Host.Web;

namespace Sluice.Host.Cli;

/*
 * What the web UI costs a job: the same word count (a directory of text files, one file per batch, words counted in
 * update mode) run with the host's metrics as `--ui-port 0` has them (exporter and query metrics, no UI), and with the UI
 * up and a client scraping /metrics, /api/queries and the query's progress every second, as an open dashboard and a
 * Prometheus server would. Runs alternate (without, with, without, ...) so that drift in machine load hits both; the
 * medians and their ratio are printed. Hidden command: `sluice bench-ui-cost`.
 */

/// <summary><c>sluice bench-ui-cost</c>: word count throughput with and without the UI and a 1 s scraper, side by side.</summary>
internal static class UiCostBenchmark
{
    public static Command Create()
    {
        var files = new Option<int>("--files") { Description = "Input files (one per batch); runs of about 15 s measure the steady state, not the first requests of a fresh server.", DefaultValueFactory = _ => 2400 };
        var lines = new Option<int>("--lines") { Description = "Lines per file.", DefaultValueFactory = _ => 2000 };
        var repetitions = new Option<int>("--repetitions") { Description = "Runs of each kind (alternating).", DefaultValueFactory = _ => 5 };
        var command = new Command("bench-ui-cost", "Benchmark: word count throughput with the web UI open and /metrics scraped every second vs --ui-port 0.")
        {
            Hidden = true,
        };
        command.Options.Add(files);
        command.Options.Add(lines);
        command.Options.Add(repetitions);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(files), parse.GetValue(lines), parse.GetValue(repetitions), parse.InvocationConfiguration.Output, ct));
        return command;
    }

    private static async Task<int> RunAsync(int files, int lines, int repetitions, TextWriter output, CancellationToken cancellationToken)
    {
        var input = Directory.CreateTempSubdirectory("sluice-ui-cost-").FullName;
        try
        {
            var rows = WriteInput(input, files, lines);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"word count of {files} files x {lines} lines ({rows} lines), one file per batch; {repetitions} runs each, alternating; {Environment.ProcessorCount} cores, load average {LoadAverage()}")).ConfigureAwait(false);

            // One run of each first, not measured: JIT, thread pool and Kestrel warm up.
            await RunOnceAsync(input, withUi: false, cancellationToken).ConfigureAwait(false);
            await RunOnceAsync(input, withUi: true, cancellationToken).ConfigureAwait(false);
            var without = new List<double>();
            var with = new List<double>();
            for (var i = 0; i < repetitions; i++)
            {
                without.Add(rows / (await RunOnceAsync(input, withUi: false, cancellationToken).ConfigureAwait(false)).TotalSeconds);
                with.Add(rows / (await RunOnceAsync(input, withUi: true, cancellationToken).ConfigureAwait(false)).TotalSeconds);
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture, $"  run {i + 1}: --ui-port 0 {without[^1]:N0} lines/s, UI + 1 s scraper {with[^1]:N0} lines/s")).ConfigureAwait(false);
            }

            var ratio = Median(with) / Median(without);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"median: --ui-port 0 {Median(without):N0} lines/s, UI + 1 s scraper {Median(with):N0} lines/s, ratio {ratio:0.000} (target >= 0.97); load average {LoadAverage()}")).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        finally
        {
            Directory.Delete(input, recursive: true);
        }
    }

    /// <summary>One word count over the input, wired as <see cref="SluiceService"/> wires a job; returns its duration.</summary>
    private static async Task<TimeSpan> RunOnceAsync(string input, bool withUi, CancellationToken cancellationToken)
    {
        var manager = new StreamingQueryManager();
        using var exporter = new PrometheusExporter();
        using var metrics = new QueryMetrics();
        manager.AddListener(metrics);
        var catalog = new QueryCatalog(manager);
        var ui = withUi ? await WebUi.StartAsync(new WebUiOptions(Port: 0), catalog, exporter, cancellationToken).ConfigureAwait(false) : null;
        using var scraping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scraper = ui is null ? Task.CompletedTask : ScrapeAsync(ui.Address, scraping.Token);
        try
        {
            var clock = Stopwatch.StartNew();
            var query = await DataStream.Files<string>(input, FileFormat.Text, maxFilesPerTrigger: 1)
                .SelectMany(static line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .GroupBy(static word => word)
                .Count()
                .WriteStream()
                .OutputMode(OutputMode.Update)
                .Trigger(Trigger.AvailableNow)
                .QueryName("ui-cost")
                .Manager(manager)
                .ForEachBatchAsync(static (_, _) => { })
                .ConfigureAwait(false);
            await query.AwaitTerminationAsync(cancellationToken).ConfigureAwait(false);
            return clock.Elapsed;
        }
        finally
        {
            await scraping.CancelAsync().ConfigureAwait(false);
            await scraper.ConfigureAwait(false);
            if (ui is not null)
            {
                await ui.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>What an open dashboard and a Prometheus server do: every second, the metrics, the query list and the query's progress.</summary>
    private static async Task ScrapeAsync(Uri address, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = address };
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                _ = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                _ = await http.GetStringAsync(new Uri("/api/queries", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                _ = await http.GetStringAsync(new Uri("/api/queries/ui-cost/progress", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (HttpRequestException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static long WriteInput(string directory, int files, int lines)
    {
        string[] vocabulary = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "stream", "window", "watermark", "batch", "state", "shard", "epoch", "sink"];
        var random = new Random(42);
        var time = DateTime.UtcNow.AddHours(-1);
        for (var f = 0; f < files; f++)
        {
            var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"part-{f:D5}.txt"));
            using (var writer = new StreamWriter(path))
            {
                for (var l = 0; l < lines; l++)
                {
                    for (var w = 0; w < 8; w++)
                    {
                        writer.Write(w == 0 ? string.Empty : " ");
                        writer.Write(vocabulary[random.Next(vocabulary.Length)]);
                        writer.Write(random.Next(64).ToString(CultureInfo.InvariantCulture));
                    }

                    writer.Write('\n');
                }
            }

            File.SetLastWriteTimeUtc(path, time.AddSeconds(f));
        }

        return (long)files * lines;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
