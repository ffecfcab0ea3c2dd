using System.Globalization;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Progress;

namespace Sluice.Scenarios.Jobs;

/// <summary>
/// Prints one line per committed epoch (<c>crash-probe: committed N</c>): the event the crash tests wait on before they
/// pick a kill moment; and one when the query started. A progress report is made after the epoch's commit log entry, the sink's commit and the
/// operators' commit, so the line means the epoch survives any kill from then on.
/// </summary>
public sealed class CommitProbe(TextWriter output) : StreamingQueryListener
{
    /// <summary>The text that starts each commit's line.</summary>
    public const string Prefix = "crash-probe: committed ";

    /// <summary>The line printed once the query runs: recovered, and the host up to take a SIGINT as a graceful stop.</summary>
    public const string Started = "crash-probe: started";

    /// <summary>Adds a probe to <paramref name="queries"/> that writes to <paramref name="output"/>.</summary>
    public static void Attach(StreamingQueryManager queries, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(queries);
        queries.AddListener(new CommitProbe(output));
    }

    /// <inheritdoc />
    public override void OnQueryStarted(StreamingQuery query)
    {
        output.WriteLine(Started);
        output.Flush();
    }

    /// <inheritdoc />
    public override void OnQueryProgress(StreamingQuery query, StreamingQueryProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        output.WriteLine(Prefix + progress.BatchId.ToString(CultureInfo.InvariantCulture));
        output.Flush();
    }
}
