using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Sluice.Scenarios.Processes;
using Xunit.Abstractions;

namespace Sluice.Scenarios.Recovery;

/// <summary>The socket word-count example (<c>hocon/examples/socket-wordcount.conf</c>) killed with SIGKILL and run again.</summary>
public sealed partial class SocketWordCountRestartTests(ITestOutputHelper log) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private static readonly string[] Vocabulary = ["to", "be", "or", "not", "is", "it", "so", "we"];

    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-socket-restart-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_socket_word_count_killed_with_sigkill_goes_on_with_the_exact_counts_of_every_line_sent()
    {
        var seed = Environment.TickCount;
        log.WriteLine($"seed {seed}");
        var random = new Random(seed);
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var example = await File.ReadAllTextAsync(Path.Combine(Sluice.TestKit.RepositoryPaths.Root, "hocon", "examples", "socket-wordcount.conf"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "socket.conf"), example.Replace("port = 9999", $"port = {port}", StringComparison.Ordinal));
        var sent = new List<string>();

        int lastBatch;
        await using (var first = SluiceProcess.Start(_dir, "run", "socket.conf", "--ui-port", "0"))
        {
            using var client = await server.AcceptTcpClientAsync().WaitAsync(Wait);
            await SendAsync(client, Lines(random, 6), sent);
            await first.WaitForOutputAsync(o => Same(LastTable(o), Count(sent)), "the counts of the first lines", Wait);
            await SendAsync(client, Lines(random, 6), sent);
            await first.WaitForOutputAsync(o => Same(LastTable(o), Count(sent)), "the counts of the second lines", Wait);
            await first.CrashAsync(); // a printed batch is committed: the console prints after the commit log entry
            lastBatch = Batches(first.Output)[^1];
        }

        await using var second = SluiceProcess.Start(_dir, "run", "socket.conf", "--ui-port", "0");
        using (var client = await server.AcceptTcpClientAsync().WaitAsync(Wait))
        {
            await SendAsync(client, Lines(random, 6), sent);
            await second.WaitForOutputAsync(o => Same(LastTable(o), Count(sent)), "the counts of every line sent to both runs", Wait);
        }

        Assert.Equal(lastBatch + 1, Batches(second.Output)[0]); // the counts went on from the persistent state, not afresh
        Assert.Equal(Count(sent), LastTable(second.Output));
        Assert.True(File.Exists(Path.Combine(_dir, "sluice-data", "socket-word-count", "checkpoint.db")));
        Assert.Equal(0, await second.InterruptAsync(Wait));
    }

    private static string[] Lines(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(1, 6)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)])))];

    private static async Task SendAsync(TcpClient client, string[] lines, List<string> sent)
    {
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(lines.Select(static l => l + "\n"))));
        await stream.FlushAsync();
        sent.AddRange(lines);
    }

    private static SortedDictionary<string, long> Count(IEnumerable<string> lines)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var word in lines.SelectMany(static l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            counts[word] = counts.GetValueOrDefault(word) + 1;
        }

        return counts;
    }

    private static bool Same(SortedDictionary<string, long>? table, SortedDictionary<string, long> expected) => table is not null && table.SequenceEqual(expected);

    /// <summary>The last complete table printed (header, rule, rows, closing rule), or null.</summary>
    private static SortedDictionary<string, long>? LastTable(string output)
    {
        var lines = output.Split('\n').Select(static l => l.TrimEnd('\r')).ToArray();
        for (var header = lines.Length - 1; header >= 0; header--)
        {
            if (!TableHeader().IsMatch(lines[header]))
            {
                continue;
            }

            var table = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var row = header + 2;
            for (; row < lines.Length && lines[row].StartsWith('|'); row++)
            {
                var cells = lines[row].Split('|');
                table[cells[1].Trim()] = long.Parse(cells[2].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }

            if (row < lines.Length && lines[row].StartsWith('+'))
            {
                return table;
            }
        }

        return null;
    }

    private static List<int> Batches(string output) =>
        [.. BatchLine().Matches(output).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"^\| *Word\| *Count\|$")]
    private static partial Regex TableHeader();

    [GeneratedRegex("^Batch: ([0-9]+)$", RegexOptions.Multiline)]
    private static partial Regex BatchLine();
}
