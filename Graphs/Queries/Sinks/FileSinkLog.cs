using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Graphs.Queries.Sinks;

/*
 * The file sink's commit manifest (Spark's _spark_metadata), in <sink>/_sluice_metadata: one entry per committed epoch,
 * named after it ("7"), listing the part files that epoch added; every CompactInterval epochs the entry is a compact one
 * ("9.compact") listing every file committed so far, so a reader needs only the latest compact entry and the entries
 * after it. An entry is a text file: the line "v1", then one JSON object per file ({"name","size","epoch"}, plus
 * "firstEpoch" for a file merged from several epochs). An entry is written to a hidden temporary file, flushed to disk,
 * then renamed to its name, so it is either complete or absent; the rename is the epoch's commit point, and an entry
 * that exists means the epoch is committed (a second commit of it does nothing). Files the manifest does not list
 * (staged, renamed but not yet recorded, merged away) are never reported to readers.
 */

/// <summary>Reads and writes a file sink's manifest in <c>_sluice_metadata</c>.</summary>
internal sealed class FileSinkLog
{
    /// <summary>The manifest's folder inside the sink directory.</summary>
    public const string DirectoryName = "_sluice_metadata";

    private const string Version = "v1";
    private const string CompactSuffix = ".compact";
    private const int ReadAttempts = 3;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public FileSinkLog(string sinkDirectory)
    {
        SinkDirectory = Path.GetFullPath(sinkDirectory);
        LogDirectory = Path.Combine(SinkDirectory, DirectoryName);
    }

    /// <summary>The sink's output directory.</summary>
    public string SinkDirectory { get; }

    /// <summary>The manifest's directory.</summary>
    public string LogDirectory { get; }

    /// <summary>True when an entry (plain or compact) exists for <paramref name="epoch"/>: it was committed.</summary>
    public bool IsCommitted(long epoch) => File.Exists(EntryPath(epoch, compact: false)) || File.Exists(EntryPath(epoch, compact: true));

    /// <summary>The committed files in epoch order, or null when the directory has no manifest.</summary>
    /// <exception cref="StreamingQueryException">An entry is damaged or missing; the message names the file.</exception>
    public async Task<ManifestSnapshot?> ReadAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!Directory.Exists(LogDirectory))
            {
                return null;
            }

            try
            {
                return await ReadOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (FileNotFoundException) when (attempt < ReadAttempts)
            {
                // The writer deleted an entry listed a moment ago: it compacted twice meanwhile. List again.
            }
        }
    }

    private async Task<ManifestSnapshot> ReadOnceAsync(CancellationToken cancellationToken)
    {
        var entries = Entries();
        var compact = -1L;
        foreach (var (epoch, isCompact) in entries)
        {
            if (isCompact)
            {
                compact = Math.Max(compact, epoch);
            }
        }

        var files = new List<CommittedFile>();
        if (compact >= 0)
        {
            await ParseAsync(EntryPath(compact, compact: true), compact, files, cancellationToken).ConfigureAwait(false);
        }

        var last = compact;
        foreach (var (epoch, isCompact) in entries)
        {
            if (isCompact || epoch <= compact)
            {
                continue;
            }

            if (last >= 0 && epoch != last + 1)
            {
                throw Damaged(EntryPath(last + 1, compact: false), $"is missing (the manifest has entries {last} and {epoch})", damaged: false);
            }

            await ParseAsync(EntryPath(epoch, compact: false), epoch, files, cancellationToken).ConfigureAwait(false);
            last = epoch;
        }

        return new ManifestSnapshot(last, compact, files);
    }

    /// <summary>The manifest's entries (epoch, compact), sorted by epoch; hidden temporary files are skipped.</summary>
    private List<(long Epoch, bool Compact)> Entries()
    {
        var entries = new List<(long Epoch, bool Compact)>();
        foreach (var path in Directory.EnumerateFiles(LogDirectory))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.'))
            {
                continue;
            }

            var isCompact = name.EndsWith(CompactSuffix, StringComparison.Ordinal);
            var number = isCompact ? name[..^CompactSuffix.Length] : name;
            if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
            {
                throw new StreamingQueryException(
                    $"The file sink manifest '{LogDirectory}' holds '{name}', which is not an entry (an epoch number, or one followed by '{CompactSuffix}'): " +
                    "only the file sink may write there; move that file elsewhere.");
            }

            entries.Add((epoch, isCompact));
        }

        entries.Sort((a, b) => a.Epoch != b.Epoch ? a.Epoch.CompareTo(b.Epoch) : a.Compact.CompareTo(b.Compact));
        return entries;
    }

    private async Task ParseAsync(string path, long entryEpoch, List<CommittedFile> files, CancellationToken cancellationToken)
    {
        var lines = await File.ReadAllLinesAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        if (lines.Length == 0 || !string.Equals(lines[0], Version, StringComparison.Ordinal))
        {
            throw Damaged(path, $"line 1 is '{(lines.Length == 0 ? string.Empty : Shorten(lines[0]))}', not the version line '{Version}'");
        }

        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            ManifestLine? line;
            try
            {
                line = JsonSerializer.Deserialize<ManifestLine>(lines[i], Json);
            }
            catch (JsonException e)
            {
                throw Damaged(path, $"line {i + 1} is not a file record ({e.Message})", e);
            }

            var first = line?.FirstEpoch ?? line?.Epoch ?? -1;
            if (line is null || string.IsNullOrEmpty(line.Name) || line.Name.IndexOfAny(['/', '\\']) >= 0 || line.Size < 0 || line.Epoch < 0 || first > line.Epoch || line.Epoch > entryEpoch)
            {
                throw Damaged(path, $"line {i + 1} ('{Shorten(lines[i])}') is not a valid file record (a plain file name, a size >= 0, an epoch at most {entryEpoch})");
            }

            files.Add(new CommittedFile(line.Name, Path.Combine(SinkDirectory, line.Name), line.Size, first, line.Epoch));
        }
    }

    /// <summary>
    /// Writes the entry of <paramref name="epoch"/> listing <paramref name="files"/>, atomically (temporary file, flush,
    /// rename); an entry already there is kept (the epoch was committed).
    /// </summary>
    public async Task WriteAsync(long epoch, IReadOnlyList<CommittedFile> files, bool compact, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(LogDirectory);
        var path = EntryPath(epoch, compact);
        var temporary = Path.Combine(LogDirectory, "." + Path.GetFileName(path) + ".tmp");
        var text = new StringBuilder(Version).Append('\n');
        foreach (var file in files)
        {
            var line = new ManifestLine(file.Name, file.Size, file.Epoch, file.FirstEpoch == file.Epoch ? null : file.FirstEpoch);
            text.Append(JsonSerializer.Serialize(line, Json)).Append('\n');
        }

        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary); // committed already: the entry that is there stays the truth
        }
    }

    /// <summary>Deletes the entries (plain and compact) of epochs before <paramref name="epoch"/>.</summary>
    public void DeleteBefore(long epoch)
    {
        foreach (var (entry, compact) in Entries())
        {
            if (entry < epoch)
            {
                File.Delete(EntryPath(entry, compact));
            }
        }
    }

    /// <summary>The epochs held by a part file the sink named (<c>part-00000007.jsonl</c>, or <c>part-00000000-00000009.jsonl</c> when merged).</summary>
    public static bool TryParsePartName(string name, out long firstEpoch, out long epoch)
    {
        firstEpoch = epoch = -1;
        if (!name.StartsWith("part-", StringComparison.Ordinal) || !name.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            return false;
        }

        var range = name["part-".Length..^".jsonl".Length];
        var dash = range.IndexOf('-', StringComparison.Ordinal);
        var parsed = dash < 0
            ? long.TryParse(range, NumberStyles.None, CultureInfo.InvariantCulture, out firstEpoch)
            : long.TryParse(range.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out firstEpoch)
                && long.TryParse(range.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out epoch);
        if (dash < 0)
        {
            epoch = firstEpoch;
        }

        return parsed && firstEpoch <= epoch;
    }

    /// <summary>The name of the part file of one epoch, or of epochs merged into one.</summary>
    public static string PartName(long firstEpoch, long epoch) =>
        firstEpoch == epoch
            ? string.Create(CultureInfo.InvariantCulture, $"part-{epoch:D8}.jsonl")
            : string.Create(CultureInfo.InvariantCulture, $"part-{firstEpoch:D8}-{epoch:D8}.jsonl");

    private string EntryPath(long epoch, bool compact) =>
        Path.Combine(LogDirectory, epoch.ToString(CultureInfo.InvariantCulture) + (compact ? CompactSuffix : string.Empty));

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";

    private static StreamingQueryException Damaged(string path, string cause, Exception? inner = null, bool damaged = true)
    {
        var message = $"The file sink manifest entry '{path}' {(damaged ? "is damaged: " : string.Empty)}{cause}. The sink and its readers stop rather than guess which part files are committed: " +
            "restore the entry from a backup, or move the sink's output and its checkpoint aside and run the query again on new locations.";
        return inner is null ? new StreamingQueryException(message) : new StreamingQueryException(message, inner);
    }

    private sealed record ManifestLine([property: JsonRequired] string Name, [property: JsonRequired] long Size, [property: JsonRequired] long Epoch, long? FirstEpoch);
}

/// <summary>What a manifest says at one moment.</summary>
/// <param name="LastEpoch">The last committed epoch (-1: none).</param>
/// <param name="LastCompact">The epoch of the latest compact entry (-1: none).</param>
/// <param name="Files">The committed files, in epoch order.</param>
internal sealed record ManifestSnapshot(long LastEpoch, long LastCompact, IReadOnlyList<CommittedFile> Files);
