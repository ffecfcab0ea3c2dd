using System.Globalization;
using System.Text.Json;

namespace Sluice.Host.Jobs.Samples;

/// <summary>
/// Writes one batch's rows as a JSON-lines file named after its epoch (<c>epoch-000042.jsonl</c>), through a temporary
/// file and a rename, replacing any earlier file of that epoch: a batch run again after a restart writes the same file
/// again, so the directory holds each epoch's rows exactly once (Spark's advice for idempotent foreachBatch writes).
/// An epoch without rows writes nothing.
/// </summary>
internal static class EpochFiles
{
    public static void Write<T>(string directory, long epoch, IReadOnlyList<T> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        var name = "epoch-" + epoch.ToString("D6", CultureInfo.InvariantCulture) + ".jsonl";
        var staged = Path.Combine(directory, "." + name + ".tmp");
        using (var writer = new StreamWriter(staged))
        {
            foreach (var row in rows)
            {
                writer.Write(JsonSerializer.Serialize(row));
                writer.Write('\n');
            }
        }

        File.Move(staged, Path.Combine(directory, name), overwrite: true);
    }
}
