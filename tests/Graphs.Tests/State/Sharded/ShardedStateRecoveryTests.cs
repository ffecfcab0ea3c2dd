using Sluice.Actors;
using System.Globalization;
using Sluice.Actors.Configuration;
using Sluice.Actors.Sharding;
using Sluice.Graphs.State.Sharded;
using Sluice.Graphs.State;
using Sluice.Persistence;
using Sluice.Persistence.Snapshots;
using static Sluice.Graphs.Tests.State.Sharded.ShardedBackendHarness;

namespace Sluice.Graphs.Tests.State.Sharded;

/// <summary>Restarts on the SQLite journal (a new actor system = a new process) and journal failures.</summary>
public sealed class ShardedStateRecoveryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sluice-sharded-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // Polling with a deadline: the entity's stop is not observable from outside the region as an event.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(10);
        }
    }

    private ActorSystem SqliteSystem(string name) =>
        ActorSystem.Create(name, Config.Parse($"sluice.persistence {{ plugin = sqlite, data-directory = \"{_directory.Replace("\\", "/", StringComparison.Ordinal)}\" }}\nsluice.state.sharded.snapshot-every-epochs = 3"));

    [Fact]
    public async Task On_sqlite_a_new_process_resumes_from_the_committed_epoch_with_snapshot_and_tail()
    {
        var expected = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using (var system = SqliteSystem("sqlite-1"))
        {
            var shards = await StartAsync(system, -1);
            for (var epoch = 0; epoch < 5; epoch++)
            {
                var rows = new[] { ("k" + (epoch % 3), (long)epoch + 1), ("a", 1L), ("b", 2L) };
                foreach (var (key, value) in rows) expected[key] = expected.GetValueOrDefault(key) + value;
                var (state, _) = await RunEpochAsync(shards, epoch, rows);
                Assert.Equal(Show(expected), Show(state));
                await shards.CommitAsync(epoch);
            }

            await RunEpochAsync(shards, 5, ("a", 1_000_000)); // persisted, not committed
        }

        await using (var system = SqliteSystem("sqlite-2"))
        await using (var shards = await StartAsync(system, committedEpoch: 4))
        {
            var (state, _) = await RunEpochAsync(shards, 5, ("a", 1));
            expected["a"] += 1;
            Assert.Equal(Show(expected), Show(state));
        }
    }

    [Fact]
    public async Task A_journal_failure_fails_the_epoch_and_every_later_call_to_that_shard()
    {
        await using var journal = new FailingJournal();
        await using var snapshots = new MemorySnapshotStore();
        await using var system = SystemOn("journal-down", journal, snapshots);
        await using var shards = await StartAsync(system, -1);
        var shard = ShardOf("a");
        await shards.SendAsync(shard, [new("a", EventTime.None, 1)], 1, Epoch(0), false);

        journal.FailWrites = true;
        var error = await Assert.ThrowsAsync<PersistenceException>(() => shards.EndEpochAsync(shard, Epoch(0)));
        Assert.Contains($"State shard 'q1/0-count/{shard}' could not store the changes of an epoch (sequence number 1): the journal is down", error.Message, StringComparison.Ordinal);

        journal.FailWrites = false;
        var later = await Assert.ThrowsAsync<PersistenceException>(() => shards.SendAsync(shard, [new("a", EventTime.None, 1)], 1, Epoch(1), false).AsTask());
        Assert.Same(error.Message, later.Message);
    }

    [Fact]
    public async Task A_shard_started_again_after_it_stopped_refuses_work_because_its_state_is_lost()
    {
        await using var journal = new FailingJournal();
        await using var snapshots = new MemorySnapshotStore();
        await using var system = SystemOn("restarted-shard", journal, snapshots);
        await using var shards = await StartAsync(system, -1);
        var shard = ShardOf("a");
        journal.FailWrites = true;
        await Assert.ThrowsAsync<PersistenceException>(() => shards.EndEpochAsync(shard, Epoch(0)));
        journal.FailWrites = false;

        await Assert.ThrowsAsync<PersistenceException>(() => shards.CommitAsync(0)); // the router knows

        // A message that reaches the region anyway starts a new incarnation of the stopped shard actor, which refuses.
        var region = ClusterSharding.Get(system).ShardRegion("state/q1/0-count");
        var entity = shard.ToString(CultureInfo.InvariantCulture);
        await WaitUntilAsync(async () => !(await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance)).Shards.Any(s => s.EntityIds.Contains(entity)));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => region.Ask<EpochCommitted>(new ShardEnvelope(entity, new CommitEpoch(0)), TimeSpan.FromSeconds(10)));
        Assert.Contains("was started again after it stopped", error.Message, StringComparison.Ordinal);
    }
}
