using System.Text.RegularExpressions;
using Sluice.Scenarios.Processes;

namespace Sluice.Scenarios.Recovery;

public sealed partial class DemoRestartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-restart-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_demo_killed_with_sigkill_resumes_at_the_batch_after_the_last_one_it_printed()
    {
        await using (var first = SluiceProcess.Start(_dir, "demo", "--ui-port", "0", "--rows-per-second", "50"))
        {
            await first.WaitForLineAsync("Batch: 3", TimeSpan.FromSeconds(90));
            await first.CrashAsync();
            var printed = Batches(first.Output);
            Assert.Equal(Enumerable.Range(0, printed.Count), printed);

            await using var second = SluiceProcess.Start(_dir, "demo", "--ui-port", "0", "--rows-per-second", "50");
            var next = printed[^1] + 1;
            await second.WaitForLineAsync($"Batch: {next + 1}", TimeSpan.FromSeconds(90));
            var resumed = Batches(second.Output);
            Assert.Equal(next, resumed[0]);
            Assert.Equal(Enumerable.Range(next, resumed.Count), resumed);
            Assert.Equal(0, await second.InterruptAsync(TimeSpan.FromSeconds(60)));
        }
    }

    private static List<int> Batches(string output) =>
        [.. BatchLine().Matches(output).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    [GeneratedRegex("^Batch: ([0-9]+)$", RegexOptions.Multiline)]
    private static partial Regex BatchLine();
}
