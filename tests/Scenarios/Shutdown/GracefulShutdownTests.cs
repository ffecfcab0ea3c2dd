using System.Text.RegularExpressions;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Scenarios.Processes;

namespace Sluice.Scenarios.Shutdown;

public sealed partial class GracefulShutdownTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-shutdown-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("SIGTERM")]
    [InlineData("Ctrl+C")]
    public async Task A_stop_signal_ends_the_demo_with_exit_code_0_and_a_final_checkpoint_and_a_restart_continues_at_the_next_batch(string signal)
    {
        int last;
        await using (var first = SluiceProcess.Start(_dir, "demo", "--ui-port", "0", "--rows-per-second", "50"))
        {
            await first.WaitForLineAsync("Batch: 2", Wait);
            var code = signal == "SIGTERM" ? await first.TerminateAsync(Wait) : await first.InterruptAsync(Wait);
            Assert.Equal(0, code);

            // The batch in flight when the signal came was finished and committed: nothing is left half done, and the last
            // batch printed (the console sink prints a batch when it commits) is the last one the checkpoint holds.
            var printed = Batches(first.Output);
            Assert.Equal(Enumerable.Range(0, printed.Count), printed);
            last = printed[^1];
        }

        var checkpoint = await CheckpointInspector.InspectAsync(Path.Combine(_dir, "sluice-data", "demo"));
        Assert.Null(checkpoint.Uncommitted);
        Assert.Equal(last, checkpoint.LastCommittedBatch);

        await using var second = SluiceProcess.Start(_dir, "demo", "--ui-port", "0", "--rows-per-second", "50");
        await second.WaitForLineAsync($"Batch: {last + 1}", Wait);
        Assert.Equal(last + 1, Batches(second.Output)[0]);
        Assert.Equal(0, await second.TerminateAsync(Wait));
    }

    private static List<int> Batches(string output) =>
        [.. BatchLine().Matches(output).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    [GeneratedRegex("^Batch: ([0-9]+)$", RegexOptions.Multiline)]
    private static partial Regex BatchLine();
}
