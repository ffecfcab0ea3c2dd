using Sluice.Actors.Configuration;
using Sluice.Graphs.State.Sharded;
using Sluice.Persistence.Journal;
using Sluice.Persistence.Snapshots;
using Xunit.Abstractions;
using static Sluice.Graphs.Tests.State.Sharded.ShardedBackendHarness;

namespace Sluice.Graphs.Tests.State.Sharded;

/// <summary>Random epochs, random commits, a "crash" (the actor system dies) after every round: state is always exactly the committed state plus the new epoch.</summary>
public sealed class ShardedStateCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_any_crash_the_state_is_the_committed_state_and_nothing_later()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        await using var journal = new MemoryJournal();
        await using var snapshots = new MemorySnapshotStore();
        var settings = ShardedStateSettings.From(Config.Load()) with { SnapshotEveryEpochs = 2, MaxOutstandingBatches = 1 };
        var committed = -1L;
        var committedState = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var round = 0; round < 8; round++)
        {
            await using var system = SystemOn("crash-" + round, journal, snapshots);
            var shards = await StartAsync(system, committed, settings: settings);
            var state = new SortedDictionary<string, long>(committedState, StringComparer.Ordinal);
            var epochs = random.Next(1, 5);
            var epoch = committed + 1;
            for (var i = 0; i < epochs; i++, epoch++)
            {
                var rows = Enumerable.Range(0, random.Next(0, 8)).Select(_ => ("k" + random.Next(10), (long)random.Next(1, 100))).ToArray();
                foreach (var (key, value) in rows) state[key] = state.GetValueOrDefault(key) + value;
                var (actual, _) = await RunEpochAsync(shards, epoch, rows);
                Assert.True(Show(state) == Show(actual), $"seed {seed}, round {round}, epoch {epoch}: expected {Show(state)}, got {Show(actual)}");
                if (random.NextDouble() < 0.6)
                {
                    await shards.CommitAsync(epoch);
                    committed = epoch;
                    committedState = new SortedDictionary<string, long>(state, StringComparer.Ordinal);
                }
            }

            output.WriteLine($"round {round}: committed {committed}, crash");
        }
    }
}
