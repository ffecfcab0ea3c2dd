using Sluice.Graphs.Aggregations;
using Sluice.Graphs.IO.Console;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Windows;

namespace Sluice.Host.Jobs.Demo;

/// <summary>
/// The demo: generated timestamped sentences (some out of order, some late), words counted over 10 s windows sliding
/// every 5 s on event time with a 10 s watermark, printed in update mode as a table per trigger. Settings:
/// <c>rows-per-second</c> (default 20), <c>trigger-interval</c> (default 2s), <c>window</c> (10s), <c>slide</c> (5s),
/// <c>watermark-delay</c> (10s).
/// </summary>
public sealed class WordCountDemoJob : IStreamJob
{
    /// <inheritdoc />
    public string Type => "word-count-demo";

    /// <inheritdoc />
    public Task<StreamingQuery> StartAsync(StreamJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var rate = settings.GetInt("rows-per-second", 20);
        var trigger = settings.GetDuration("trigger-interval", TimeSpan.FromSeconds(2));
        var window = settings.GetDuration("window", TimeSpan.FromSeconds(10));
        var slide = settings.GetDuration("slide", TimeSpan.FromSeconds(5));
        var delay = settings.GetDuration("watermark-delay", TimeSpan.FromSeconds(10));

        return DataStream.Rate(rate)
            .Select(Sentences.Of)
            .SelectMany(static s => Words(s))
            .WithTimestamps(static w => w.Time)
            .WithWatermark(delay)
            .GroupBy(static w => w.Text, Window.Sliding(window, slide))
            .Count()
            .Select(static r => new WordCount(r.Window, r.Key, r.Value))
            .WriteStream(context)
            .OutputMode(OutputMode.Update)
            .Trigger(Trigger.ProcessingTime(trigger))
            .StartConsoleAsync(new ConsoleSinkSettings { NumRows = 40, Truncate = false }, context.Output);
    }

    private static IEnumerable<Word> Words(Sentence sentence)
    {
        foreach (var word in sentence.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return new Word(sentence.Time, word);
        }
    }

    /// <summary>A row of the demo's result: how often a word occurred in a window.</summary>
    /// <param name="Window">The event-time window.</param>
    /// <param name="Word">The word.</param>
    /// <param name="Count">Its count so far.</param>
    public sealed record WordCount(TimeWindow Window, string Word, long Count);

    /// <summary>A word and the event time of its sentence.</summary>
    /// <param name="Time">The event time.</param>
    /// <param name="Text">The word.</param>
    public sealed record Word(DateTimeOffset Time, string Text);
}
