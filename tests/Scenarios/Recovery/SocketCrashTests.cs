using Sluice.Scenarios.Jobs;
using Sluice.Scenarios.Processes;
using Xunit.Abstractions;

namespace Sluice.Scenarios.Recovery;

public sealed class SocketCrashTests(ITestOutputHelper log) : IDisposable
{
    private const string Job = "socket";
    private static readonly string[] Vocabulary = ["alder", "birch", "cedar", "elm"];
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-crash-socket-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <remarks>
    /// A plain socket has no acknowledgements: lines the test wrote just before a kill may die unread in the killed
    /// process's buffers, and the server never sends them again. So the test does not expect every line: each line
    /// carries a unique word (<c>seq-n</c>), the output shows which lines the query received, and the whole output must
    /// be exactly the word count of those lines: every received line counted once, in every one of its words.
    /// </remarks>
    [Fact]
    public async Task Lines_read_from_a_socket_survive_twelve_sigkills_with_every_received_line_counted_exactly_once()
    {
        var seed = CrashLoop.NewSeed();
        var lines = WindowedWordInput.SocketLines(400, new Random(seed), Vocabulary);
        var last = "seq-" + (lines.Count - 2);
        var output = Path.Combine(_dir, "output");
        await using var server = new LineServer(lines, TimeSpan.FromMilliseconds(40));
        var conf = ScenarioJobFile.Write(_dir, Job, "crash-socket-word-count", ("port", server.Port), ("output", output));

        var loop = new CrashLoop(_dir, ["run", conf, "--ui-port", "0"], log);
        await loop.RunAsync(seed, kills: 12, isComplete: async () => (await CommittedOutput.FileSinkAsync<FilesWindowedWordCountJob.WindowWordCount>(output)).Any(r => r.Word == last));

        var actual = await CommittedOutput.FileSinkAsync<FilesWindowedWordCountJob.WindowWordCount>(output);
        var received = actual.Select(r => WindowedWordInput.SequenceOf(r.Word)).OfType<int>().ToHashSet();
        log.WriteLine($"{server.Sent} lines sent, {received.Count} received; lost unread in killed processes: {string.Join(' ', Enumerable.Range(0, lines.Count - 1).Where(n => !received.Contains(n)))}");
        var expected = WindowedWordInput.Expected(lines.SkipLast(1).Where((_, n) => received.Contains(n)));
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Select(WindowedWordInput.Format).Order(StringComparer.Ordinal));
    }
}
