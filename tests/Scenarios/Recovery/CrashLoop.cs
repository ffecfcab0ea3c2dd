using System.Diagnostics;
using System.Globalization;
using Sluice.Scenarios.Jobs;
using Sluice.Scenarios.Processes;
using Xunit.Abstractions;

namespace Sluice.Scenarios.Recovery;

/*
 * The crash loop of the exactly-once scenarios. Each round starts the real sluice process on the same job file. One
 * round in four kills it at a random point of its start (checkpoint opening, state recovery, the re-run of an epoch
 * planned but not committed). The others wait for K more committed epochs (the job's CommitProbe prints one line per
 * commit: no sleeps to wait for progress), let a random part of the next epoch pass and kill the process with SIGKILL.
 * Because the delay is drawn within one epoch's duration (measured between the last two commits), the kill lands
 * anywhere in the next epoch: while it plans, runs, stages its output, writes the commit log or commits the sink. The
 * round kinds, K and the delays come from a seeded RNG whose seed is logged, so a failing run can be replayed. After the
 * kills, a last run goes on until the job's output is complete, is stopped with SIGINT (a graceful stop, exit 0), and
 * the caller compares the committed output with the expected one.
 */

/// <summary>Starts, SIGKILLs and restarts the real <c>sluice</c> process at seeded random moments, then lets it finish.</summary>
internal sealed class CrashLoop(string workingDirectory, string[] arguments, ITestOutputHelper log)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);
    private TimeSpan _epoch = TimeSpan.FromMilliseconds(100); // the last epoch duration measured (the first round: a guess)
    private TimeSpan _startup = TimeSpan.FromSeconds(1); // the last time measured from a start to its first commit

    /// <summary>How many committed epochs each round waits for at most before its kill.</summary>
    public int MaxCommitsBeforeKill { get; init; } = 3;

    /// <summary>The committed epochs seen across all runs, in order (a replayed epoch appears again).</summary>
    public List<long> Commits { get; } = [];

    /// <summary>A seed for a new run: fixed by <c>SLUICE_CRASH_SEED</c> to replay a failure, otherwise random.</summary>
    public static int NewSeed() =>
        int.TryParse(Environment.GetEnvironmentVariable("SLUICE_CRASH_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : Random.Shared.Next();

    /// <summary>
    /// Kills the process <paramref name="kills"/> times at random moments (seeded by <paramref name="seed"/>), then starts
    /// it once more, lets it run until <paramref name="isComplete"/> holds (checked once its query started, then after
    /// each commit), stops it gracefully and returns its output.
    /// </summary>
    public async Task<string> RunAsync(int seed, int kills, Func<Task<bool>> isComplete)
    {
        log.WriteLine($"crash loop seed {seed} (replay with SLUICE_CRASH_SEED={seed}): {kills} kills of sluice {string.Join(' ', arguments)}");
        var random = new Random(seed);
        for (var round = 1; round <= kills; round++)
        {
            var started = Stopwatch.GetTimestamp();
            await using var process = SluiceProcess.Start(workingDirectory, arguments);
            var duringStart = random.Next(4) == 0;
            var commitsBefore = random.Next(1, MaxCommitsBeforeKill + 1);
            var fraction = random.NextDouble();
            if (duringStart)
            {
                // While the process starts and recovers: opening the checkpoint, restoring state, re-running the epoch
                // planned but not committed. The kill moment itself: a random point of a start, not a wait for an event.
                var delay = TimeSpan.FromTicks((long)(_startup.Ticks * fraction));
                await Task.Delay(delay);
                if (process.HasExited)
                {
                    throw new Xunit.Sdk.XunitException($"sluice exited with {process.ExitCode} by itself while it started in round {round} (seed {seed}). Output:\n{process.Output}");
                }

                await process.CrashAsync();
                log.WriteLine($"kill {round}: pid {process.Id} during its start, {delay.TotalMilliseconds:F0} ms into a {_startup.TotalMilliseconds:F0} ms start");
            }
            else
            {
                var epoch = await WaitForCommitsAsync(process, commitsBefore, started);
                var delay = TimeSpan.FromTicks((long)(epoch.Ticks * fraction));
                await Task.Delay(delay); // the kill moment itself: a random point inside the next epoch, not a wait for an event
                await process.CrashAsync();
                log.WriteLine(
                    $"kill {round}: pid {process.Id} after {commitsBefore} commits (last {Commits[^1]}) + {delay.TotalMilliseconds:F0} ms of a {epoch.TotalMilliseconds:F0} ms epoch");
            }
        }

        await using var last = SluiceProcess.Start(workingDirectory, arguments);
        // Started: recovered (the epoch planned but not committed re-run), and up to take the SIGINT as a graceful stop.
        await last.WaitForLineAsync(CommitProbe.Started, ProbeTimeout);
        var deadline = Stopwatch.StartNew();
        while (!await isComplete())
        {
            if (deadline.Elapsed > ProbeTimeout)
            {
                throw new Xunit.Sdk.XunitException($"The output was not complete {ProbeTimeout} after the last restart (seed {seed}). Output:\n{last.Output}");
            }

            await WaitForCommitsAsync(last, 1);
        }

        var exit = await last.InterruptAsync(ProbeTimeout);
        log.WriteLine($"final run: pid {last.Id}, complete, exit {exit}; commits seen in all runs: {string.Join(' ', Commits)}");
        Assert.True(exit == 0, $"sluice exited with {exit} on SIGINT (seed {seed}). Output:\n{last.Output}");
        return last.Output;
    }

    /// <summary>Waits for <paramref name="count"/> probe lines; returns the last time measured between two commits of one process (an epoch's duration).</summary>
    private async Task<TimeSpan> WaitForCommitsAsync(SluiceProcess process, int count, long? startedAt = null)
    {
        var previous = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var line = await process.WaitForLineAsync(CommitProbe.Prefix, ProbeTimeout);
            Commits.Add(long.Parse(line.AsSpan(line.IndexOf(CommitProbe.Prefix, StringComparison.Ordinal) + CommitProbe.Prefix.Length), CultureInfo.InvariantCulture));
            if (i == 0 && startedAt is { } start)
            {
                _startup = Stopwatch.GetElapsedTime(start);
            }

            // Two commits printed together (a replayed epoch and the next) say nothing of an epoch's length.
            if (i > 0 && Stopwatch.GetElapsedTime(previous) is { TotalMilliseconds: >= 10 } gap)
            {
                _epoch = gap;
            }

            previous = Stopwatch.GetTimestamp();
        }

        return _epoch;
    }
}
