using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;

namespace Sluice.Host.Jobs.Samples;

/// <summary>
/// Spark's classic first example: lines from a TCP server (<c>nc -lk 9999</c>), split into words, counted, the whole
/// table printed in complete mode every trigger. Settings: <c>host</c> (default localhost), <c>port</c> (9999),
/// <c>trigger-interval</c> (1s). Unlike Spark's, it survives a crash: every line received is written to the write-ahead
/// log in the job's checkpoint folder before a batch counts it, and the counts are kept in the persistent state there,
/// so a restarted job re-runs its last uncommitted batch and goes on counting exactly where it stopped.
/// </summary>
public sealed class SocketWordCountJob : IStreamJob
{
    /// <inheritdoc />
    public string Type => "socket-word-count";

    /// <inheritdoc />
    public Task<StreamingQuery> StartAsync(StreamJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var host = settings.GetString("host", "localhost");
        var port = settings.GetInt("port", 9999);
        var trigger = settings.GetDuration("trigger-interval", TimeSpan.FromSeconds(1));
        return DataStream.Socket(host, port)
            .SelectMany(static line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .GroupBy(static word => word)
            .Count()
            .Select(static r => new WordCount(r.Key, r.Value))
            // The socket cannot replay, so the source keeps what it received in the checkpoint's write-ahead log; the
            // durable checkpoint and the persistent counts make a restart (even after kill -9) continue with exact counts.
            .WriteStream(context)
            .OutputMode(OutputMode.Complete)
            .Trigger(Trigger.ProcessingTime(trigger))
            .StartConsoleAsync(output: context.Output);
    }

    /// <summary>A word and how often it occurred so far.</summary>
    /// <param name="Word">The word.</param>
    /// <param name="Count">Its count.</param>
    public sealed record WordCount(string Word, long Count);
}
