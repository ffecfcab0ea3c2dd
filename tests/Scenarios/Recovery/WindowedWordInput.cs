using System.Globalization;
using Sluice.Scenarios.Jobs;

namespace Sluice.Scenarios.Recovery;

/// <summary>The deterministic input of the windowed word count jobs, and the exact output it must give.</summary>
internal static class WindowedWordInput
{
    /// <summary>The window and watermark delay of the jobs' defaults.</summary>
    public const long WindowSeconds = 10;

    /// <summary>The line that raises the watermark past every window of the real lines, so that all of them close.</summary>
    public const string Closing = "1000000 closing";

    /// <summary>
    /// The lines of file <paramref name="index"/> (event seconds 2i and 2i+1, one to four words each): every file is later
    /// in event time than the last one's watermark, so no row is late and the output depends only on the input.
    /// </summary>
    public static IEnumerable<string> Lines(int index, Random random, string[] vocabulary)
    {
        for (var second = 2 * index; second < (2 * index) + 2; second++)
        {
            var words = Enumerable.Range(0, random.Next(1, 5)).Select(_ => vocabulary[random.Next(vocabulary.Length)]);
            yield return second.ToString(CultureInfo.InvariantCulture) + " " + string.Join(' ', words);
        }
    }

    /// <summary>
    /// Writes <paramref name="files"/> files of lines and one last file with <see cref="Closing"/>, oldest first, and
    /// returns the expected rows (<see cref="Format"/>): the count of each word in each 10-second window of event time.
    /// </summary>
    public static List<string> WriteFiles(string directory, Random random, int files, string[] vocabulary)
    {
        var lines = new List<string>();
        var origin = DateTime.UtcNow.AddHours(-1);
        for (var i = 0; i <= files; i++)
        {
            var content = i < files ? Lines(i, random, vocabulary).ToList() : [Closing];
            lines.AddRange(i < files ? content : []);
            var path = Path.Combine(directory, $"input-{i:D4}.txt");
            File.WriteAllLines(path, content);
            File.SetLastWriteTimeUtc(path, origin.AddSeconds(i)); // the file source takes the oldest first
        }

        return Expected(lines);
    }

    /// <summary>
    /// <paramref name="count"/> lines for a socket, five per second of event time, line n carrying the word
    /// <c>seq-n</c> (see <see cref="SequenceOf"/>), then <see cref="Closing"/>.
    /// </summary>
    public static List<string> SocketLines(int count, Random random, string[] vocabulary)
    {
        var lines = new List<string>();
        for (var n = 0; n < count; n++)
        {
            var words = Enumerable.Range(0, random.Next(1, 4)).Select(_ => vocabulary[random.Next(vocabulary.Length)]);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{n / 5} seq-{n} {string.Join(' ', words)}"));
        }

        lines.Add(Closing);
        return lines;
    }

    /// <summary>The line number a <c>seq-n</c> word stands for; null for other words.</summary>
    public static int? SequenceOf(string word) =>
        word.StartsWith("seq-", StringComparison.Ordinal) ? int.Parse(word.AsSpan(4), CultureInfo.InvariantCulture) : null;

    /// <summary>The rows a windowed word count gives for <paramref name="lines"/> once every window closed.</summary>
    public static List<string> Expected(IEnumerable<string> lines)
    {
        var counts = new Dictionary<(long, string), long>();
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            var windowStartMs = long.Parse(parts[0], CultureInfo.InvariantCulture) / WindowSeconds * WindowSeconds * 1000;
            foreach (var word in parts.Skip(1))
            {
                counts[(windowStartMs, word)] = counts.GetValueOrDefault((windowStartMs, word)) + 1;
            }
        }

        return [.. counts.Select(c => $"{c.Key.Item1} {c.Key.Item2} {c.Value}")];
    }

    /// <summary>A row of the job's output as the expected rows are written.</summary>
    public static string Format(FilesWindowedWordCountJob.WindowWordCount row) => $"{row.WindowStartMs} {row.Word} {row.Count}";
}
