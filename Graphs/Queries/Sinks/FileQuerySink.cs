using System.Text.Json;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Sinks;

/// <summary>
/// Writes each epoch as one JSON-lines part file: pre-commit writes a staged file (<c>_staging/part-N.jsonl</c>, replacing
/// any earlier attempt of the same epoch), commit renames it to <c>part-N.jsonl</c> (idempotent: an existing part is kept).
/// Readers that list <c>part-*</c> never see an uncommitted or duplicated epoch. Append mode only, as Spark's file sink.
/// </summary>
internal sealed class FileQuerySink<T>(string directory) : QuerySink<T>
{
    public override string Description => $"FileSink[{directory}]";

    public override string? Check(OutputMode mode, Trigger trigger) =>
        mode == OutputMode.Append ? null : $"the file sink supports only Append output mode (the query uses {mode}): use Append, or write with ForEachBatch.";

    public override async ValueTask PreCommitAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            // Like Spark's file sink, an epoch without rows (a no-data batch, an idle trigger) leaves no part file.
            return;
        }

        var staging = Path.Combine(directory, "_staging");
        Directory.CreateDirectory(staging);
        var path = Path.Combine(staging, PartName(epochId));
        await using var stream = File.Create(path);
        foreach (var row in rows)
        {
            await JsonSerializer.SerializeAsync(stream, row, StateSerialization.Options, cancellationToken).ConfigureAwait(false);
            stream.WriteByte((byte)'\n');
        }
    }

    public override ValueTask CommitAsync(long epochId, OutputMode mode, CancellationToken cancellationToken)
    {
        var staged = Path.Combine(directory, "_staging", PartName(epochId));
        var target = Path.Combine(directory, PartName(epochId));
        if (File.Exists(staged) && !File.Exists(target))
        {
            File.Move(staged, target);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask AbortAfterAsync(long committedEpoch, CancellationToken cancellationToken)
    {
        var staging = new DirectoryInfo(Path.Combine(directory, "_staging"));
        if (staging.Exists)
        {
            foreach (var file in staging.EnumerateFiles("part-*.jsonl"))
            {
                if (long.TryParse(file.Name.AsSpan(5, 8), System.Globalization.CultureInfo.InvariantCulture, out var epoch) && epoch > committedEpoch)
                {
                    file.Delete();
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    protected override ValueTask WriteEpochAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private static string PartName(long epochId) => $"part-{epochId:D8}.jsonl";
}
