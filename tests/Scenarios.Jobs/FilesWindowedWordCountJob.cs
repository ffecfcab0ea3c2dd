using System.Globalization;
using Sluice.Graphs.Aggregations;
using Sluice.Graphs.IO.Files;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Windows;
using Sluice.Host.Jobs;

namespace Sluice.Scenarios.Jobs;

/// <summary>
/// Words of text files counted per tumbling window of event time, the closed windows appended to the file sink. Each
/// line is <c>&lt;second&gt; word word ...</c>: the event time is in the input, so the output depends on nothing but
/// the files (no processing time), and a crash test can compute it exactly. Settings: <c>input</c>, <c>output</c>,
/// <c>max-files-per-trigger</c> (1), <c>trigger-interval</c> (100ms), <c>window</c> (10s), <c>watermark-delay</c> (5s).
/// </summary>
public sealed class FilesWindowedWordCountJob : IStreamJob
{
    /// <inheritdoc />
    public string Type => "crash-files-word-count";

    /// <inheritdoc />
    public Task<StreamingQuery> StartAsync(StreamJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var writer = CountWords(DataStream.Files<string>(settings.GetString("input"), FileFormat.Text, settings.GetInt("max-files-per-trigger", 1)), settings)
            .WriteDurably(context);
        return JobSqlSink.IsSql(settings, "files")
            ? writer.StartSqlAsync(JobSqlSink.Options<WindowWordCount>(context, ["window_start_ms", "word"]))
            : writer.StartFilesAsync(settings.GetString("output"));
    }

    /// <summary>
    /// The job's query up to the sink: lines <c>&lt;second&gt; word word ...</c> counted per word and tumbling window of
    /// their event time (settings <c>window</c>, default 10s, and <c>watermark-delay</c>, 5s), closed windows only.
    /// </summary>
    public static DataStream<WindowWordCount> CountWords(DataStream<string> lines, Sluice.Actors.Configuration.Config settings)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return lines
            .SelectMany(static line => Words(line))
            .WithWatermark(static w => w.Time, settings.GetDuration("watermark-delay", TimeSpan.FromSeconds(5)))
            .GroupBy(static w => w.Text, Window.Tumbling(settings.GetDuration("window", TimeSpan.FromSeconds(10))))
            .Count()
            .Select(static r => new WindowWordCount(r.Window.StartMs, r.Key, r.Value));
    }

    private static IEnumerable<TimedWord> Words(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var time = DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[0], CultureInfo.InvariantCulture));
        for (var i = 1; i < parts.Length; i++)
        {
            yield return new TimedWord(time, parts[i]);
        }
    }

    /// <summary>A word at an event time.</summary>
    /// <param name="Time">The line's event time.</param>
    /// <param name="Text">The word.</param>
    public sealed record TimedWord(DateTimeOffset Time, string Text);

    /// <summary>How often a word occurred in one window of event time.</summary>
    /// <param name="WindowStartMs">The window's start, ms since the Unix epoch.</param>
    /// <param name="Word">The word.</param>
    /// <param name="Count">Its count in the window.</param>
    public sealed record WindowWordCount(long WindowStartMs, string Word, long Count);
}
