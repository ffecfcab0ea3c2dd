using Sluice.Scenarios.Jobs;
using Sluice.Scenarios.Processes;
using Xunit.Abstractions;

namespace Sluice.Scenarios.Recovery;

public sealed class DamagedCheckpointTests(ITestOutputHelper log) : IDisposable
{
    private const string Job = "words";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-damaged-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("truncated")]
    [InlineData("corrupted")]
    [InlineData("journal-deleted")]
    public async Task A_damaged_checkpoint_stops_sluice_with_exit_code_3_naming_the_file_and_the_fix_and_never_restarts_from_zero(string damage)
    {
        var input = Directory.CreateDirectory(Path.Combine(_dir, "input")).FullName;
        var output = Path.Combine(_dir, "output");
        WindowedWordInput.WriteFiles(input, new Random(7), files: 12, ["alder", "birch"]);
        var conf = ScenarioJobFile.Write(_dir, Job, "crash-files-word-count", ("input", input), ("output", output));
        string[] run = ["run", conf, "--ui-port", "0"];
        await using (var first = SluiceProcess.Start(_dir, run))
        {
            await first.WaitForLineAsync(CommitProbe.Prefix + "10", Wait); // windows closed, part files written
            Assert.Equal(0, await first.InterruptAsync(Wait));
        }

        var checkpoint = ScenarioJobFile.CheckpointOf(_dir, Job);
        var database = Path.Combine(checkpoint, "checkpoint.db");
        var journal = Path.Combine(checkpoint, "persistence.db");
        var named = Damage(damage, database, journal);
        var outputBefore = Snapshot(output);
        Assert.NotEmpty(outputBefore);
        var databaseBefore = File.ReadAllBytes(database);

        await using var second = SluiceProcess.Start(_dir, run);
        var exit = await second.WaitForExitAsync(Wait);
        log.WriteLine(second.Output);

        Assert.Equal(3, exit);
        Assert.Contains(named, second.Output, StringComparison.Ordinal);
        Assert.Contains("never restarts a damaged checkpoint from zero", second.Output, StringComparison.Ordinal);
        Assert.Contains("restore the directory from a backup, or start the query on a new checkpoint location", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(CommitProbe.Prefix, second.Output, StringComparison.Ordinal);
        Assert.Equal(outputBefore, Snapshot(output));
        Assert.Equal(databaseBefore, File.ReadAllBytes(database));
    }

    /// <summary>Damages the checkpoint; returns the file the error message must name.</summary>
    private static string Damage(string damage, string database, string journal)
    {
        switch (damage)
        {
            case "truncated":
                using (var stream = new FileStream(database, FileMode.Open))
                {
                    stream.SetLength(stream.Length / 2);
                }

                return database;
            case "corrupted":
                // Every page after the first (the header and schema stay readable): the logs' b-trees are garbage.
                var bytes = File.ReadAllBytes(database);
                for (var i = 4096; i < bytes.Length; i++)
                {
                    bytes[i] = (byte)((i * 7919) % 251);
                }

                File.WriteAllBytes(database, bytes);
                return database;
            default:
                foreach (var file in new[] { journal, journal + "-wal", journal + "-shm" })
                {
                    File.Delete(file);
                }

                return journal;
        }
    }

    /// <summary>The committed output's files and contents, to show that nothing was written again from zero.</summary>
    private static List<string> Snapshot(string directory) =>
        [.. Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => f + "\n" + File.ReadAllText(f))];
}
