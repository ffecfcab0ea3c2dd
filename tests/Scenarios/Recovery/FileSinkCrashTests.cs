using Sluice.Scenarios.Jobs;
using Xunit.Abstractions;

namespace Sluice.Scenarios.Recovery;

public sealed class FileSinkCrashTests(ITestOutputHelper log) : IDisposable
{
    private const string Job = "words";
    private static readonly string[] Vocabulary = ["alder", "birch", "cedar", "elm", "fir", "hazel", "oak"];
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-crash-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Word_counts_of_a_file_directory_survive_twelve_sigkills_with_every_window_written_to_the_file_sink_exactly_once()
    {
        var seed = CrashLoop.NewSeed();
        var input = Directory.CreateDirectory(Path.Combine(_dir, "input")).FullName;
        var output = Path.Combine(_dir, "output");
        var expected = WindowedWordInput.WriteFiles(input, new Random(seed), files: 60, Vocabulary);
        var conf = ScenarioJobFile.Write(_dir, Job, "crash-files-word-count", ("input", input), ("output", output));

        var loop = new CrashLoop(_dir, ["run", conf, "--ui-port", "0"], log);
        await loop.RunAsync(seed, kills: 12, isComplete: async () => (await CommittedOutput.FileSinkAsync<FilesWindowedWordCountJob.WindowWordCount>(output)).Count >= expected.Count);

        var actual = (await CommittedOutput.FileSinkAsync<FilesWindowedWordCountJob.WindowWordCount>(output)).Select(WindowedWordInput.Format);
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }
}
