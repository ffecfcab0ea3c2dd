using Sluice.Graphs.Aggregations;
using Sluice.Graphs.IO.Files;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Windows;

namespace Sluice.Host.Jobs.Samples;

/// <summary>
/// Words of the text files that appear in a directory, counted per trigger interval of processing time, each closed
/// interval's counts appended as JSON-lines part files (the file sink takes Append only, as Spark's does: a row once
/// written never changes). Settings: <c>input</c> (the directory to watch), <c>output</c> (the sink's directory),
/// <c>max-files-per-trigger</c> (default 10), <c>trigger-interval</c> (1s). With <c>sink { kind = sql, table = ... }</c>
/// (see <see cref="JobSqlSink"/>) the rows go to a SQL table instead, with columns <c>interval</c>, <c>word</c>, <c>count</c>,
/// keyed by (interval, word); <c>output</c> is then not needed.
/// </summary>
public sealed class FilesWordCountJob : IStreamJob
{
    /// <inheritdoc />
    public string Type => "files-word-count";

    /// <inheritdoc />
    public Task<StreamingQuery> StartAsync(StreamJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var maxFiles = settings.GetInt("max-files-per-trigger", 10);
        var trigger = settings.GetDuration("trigger-interval", TimeSpan.FromSeconds(1));
        var writer = DataStream.Files<string>(settings.GetString("input"), FileFormat.Text, maxFiles)
            .SelectMany(static line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .WithProcessingTime()
            .WithWatermark(TimeSpan.Zero, idleTimeout: trigger)
            .GroupBy(static word => word, Window.Tumbling(trigger))
            .Count()
            .Select(static r => new IntervalWordCount(r.Window.Start, r.Key, r.Value))
            .WriteStream(context)
            .OutputMode(OutputMode.Append)
            .Trigger(Trigger.ProcessingTime(trigger));
        return JobSqlSink.IsSql(settings, "files")
            ? writer.StartSqlAsync(JobSqlSink.Options<IntervalWordCount>(context, ["interval", "word"]))
            : writer.StartFilesAsync(settings.GetString("output"));
    }

    /// <summary>How often a word occurred in the files taken in one interval.</summary>
    /// <param name="Interval">The start of the processing-time interval.</param>
    /// <param name="Word">The word.</param>
    /// <param name="Count">Its count in that interval.</param>
    public sealed record IntervalWordCount(DateTimeOffset Interval, string Word, long Count);
}
