using Sluice.Graphs.Queries;
using Sluice.Host.Jobs;

namespace Sluice.Scenarios.Jobs;

/// <summary>
/// The query of <see cref="FilesWindowedWordCountJob"/> on lines read from a TCP server (the test's), to the file sink.
/// Settings: <c>host</c> (127.0.0.1), <c>port</c>, <c>output</c>, <c>trigger-interval</c> (100ms), <c>window</c>,
/// <c>watermark-delay</c>. Exactly-once across kills needs the socket source's write-ahead log (DESIGN 4.4.7).
/// </summary>
public sealed class SocketWindowedWordCountJob : IStreamJob
{
    /// <inheritdoc />
    public string Type => "crash-socket-word-count";

    /// <inheritdoc />
    public Task<StreamingQuery> StartAsync(StreamJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        return FilesWindowedWordCountJob.CountWords(DataStream.Socket(settings.GetString("host", "127.0.0.1"), settings.GetInt("port")), settings)
            .WriteDurably(context)
            .StartFilesAsync(settings.GetString("output"));
    }
}
