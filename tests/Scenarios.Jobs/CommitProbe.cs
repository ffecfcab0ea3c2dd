using System.Globalization;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Progress;

namespace Sluice.Scenarios.Jobs;

/// <summary>
/// Prints one line per committed epoch (<c>crash-probe: committed N</c>): the event the crash tests wait on before they
/// pick a kill moment. A progress report is made after the epoch's commit log entry, the sink's commit and the
/// operators' commit, so the line means the epoch survives any kill from then on.
/// </summary>
public sealed class CommitProbe(TextWriter output) : StreamingQueryListener
{
    /// <summary>The text that starts each probe line.</summary>
    public const string Prefix = "crash-probe: committed ";

    /// <summary>Adds a probe to <paramref name="queries"/> that writes to <paramref name="output"/>.</summary>
    public static void Attach(StreamingQueryManager queries, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(queries);
        queries.AddListener(new CommitProbe(output));
    }

    /// <inheritdoc />
    public override void OnQueryProgress(StreamingQuery query, StreamingQueryProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        output.WriteLine(Prefix + progress.BatchId.ToString(CultureInfo.InvariantCulture));
        output.Flush();
    }
}
