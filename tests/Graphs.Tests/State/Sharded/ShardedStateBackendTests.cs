using Sluice.Actors.Configuration;
using Sluice.Graphs.State;
using Sluice.Graphs.State.Sharded;
using Sluice.Persistence;
using Sluice.Persistence.Journal;
using Sluice.Persistence.Snapshots;
using static Sluice.Graphs.Tests.State.Sharded.ShardedBackendHarness;

namespace Sluice.Graphs.Tests.State.Sharded;

public sealed class ShardedStateBackendTests : IAsyncDisposable
{
    private static readonly (string, long)[] Epoch0 = [("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5), ("a", 10)];
    private static readonly (string, long)[] Epoch1 = [("a", 100), ("f", 6), ("g", 7), ("evict", 1)];
    private static readonly (string, long)[] Epoch2 = [("a", 1000), ("h", 8)];

    private readonly MemoryJournal _journal = new();
    private readonly MemorySnapshotStore _snapshots = new();

    public async ValueTask DisposeAsync()
    {
        await _journal.DisposeAsync();
        await _snapshots.DisposeAsync();
    }

    [Fact]
    public async Task Rows_sent_in_batches_to_several_shards_are_summed_per_key_with_metrics()
    {
        Assert.True(Epoch0.Select(r => ShardOf(r.Item1)).Distinct().Count() >= 2, "the rows reach several shards");
        await using var system = SystemOn("counting", _journal, _snapshots);
        await using var shards = await StartAsync(system, committedEpoch: -1);

        var (state0, metrics0) = await RunEpochAsync(shards, 0, Epoch0);
        Assert.Equal("a=11,b=2,c=3,d=4,e=5", Show(state0));
        Assert.Equal(new ShardMetrics(5, 5, 0, 0, 0), metrics0);

        var (state1, metrics1) = await RunEpochAsync(shards, 1, [.. Epoch1, ("late", 1)]);
        Assert.Equal("a=111,b=2,c=3,d=4,e=5,evict=1,f=6,g=7", Show(state1));
        Assert.Equal(new ShardMetrics(7, 4, 1, 1, 0), metrics1); // "evict" was added and removed: updated, removed, not in the total
    }

    [Fact]
    public async Task Each_shard_persists_one_changelog_event_per_epoch_that_changed_it_under_query_operator_shard()
    {
        await using (var system = SystemOn("events", _journal, _snapshots))
        await using (var shards = await StartAsync(system, -1))
        {
            await RunEpochAsync(shards, 0, Epoch0);
            await RunEpochAsync(shards, 1);
            await RunEpochAsync(shards, 2, Epoch2);
        }

        for (var shard = 0; shard < Shards; shard++)
        {
            var id = ShardedStateBackend.PersistenceIdOf(Query, Operator, shard);
            Assert.Equal($"q1/0-count/{shard}", id);
            var epochs = new List<long>();
            await _journal.ReplayMessagesAsync(id, 1, long.MaxValue, long.MaxValue, e => epochs.Add(((EpochChanges)e.Payload).EpochId), CancellationToken.None);
            long[] expected = Epoch2.Any(r => ShardOf(r.Item1) == shard) ? [0, 2] : [0]; // the first epoch is always written
            Assert.Equal(expected, epochs);
        }
    }

    [Fact]
    public async Task Restarted_backend_restores_the_committed_epoch_and_discards_a_later_uncommitted_one()
    {
        await using (var system = SystemOn("restart-1", _journal, _snapshots))
        {
            var shards = await StartAsync(system, -1);
            await RunEpochAsync(shards, 0, Epoch0);
            await shards.CommitAsync(0);
            await RunEpochAsync(shards, 1, Epoch1);
            await shards.CommitAsync(1);
            await RunEpochAsync(shards, 2, Epoch2); // persisted, never committed: the process dies here
        }

        await using (var system = SystemOn("restart-2", _journal, _snapshots))
        {
            await using var shards = await StartAsync(system, committedEpoch: 1);
            var (replayed, _) = await RunEpochAsync(shards, 2, ("a", 5000));
            Assert.Equal("a=5111,b=2,c=3,d=4,e=5,f=6,g=7", Show(replayed)); // the first epoch 2 is gone
        }

        await using (var system = SystemOn("restart-3", _journal, _snapshots))
        {
            await using var shards = await StartAsync(system, committedEpoch: 2);
            var (after, _) = await RunEpochAsync(shards, 3);
            Assert.Equal("a=5111,b=2,c=3,d=4,e=5,f=6,g=7", Show(after)); // the second epoch 2 supersedes the first
            Assert.NotEqual(ShardOf("a"), ShardOf("h")); // so h's shard wrote an empty epoch 2 to supersede its "h=8"
        }
    }

    [Fact]
    public async Task A_restart_before_anything_committed_starts_empty()
    {
        await using (var system = SystemOn("empty-1", _journal, _snapshots))
        await using (var shards = await StartAsync(system, -1))
        {
            await RunEpochAsync(shards, 0, Epoch0);
        }

        await using (var system = SystemOn("empty-2", _journal, _snapshots))
        await using (var shards = await StartAsync(system, -1))
        {
            var (state, _) = await RunEpochAsync(shards, 0, ("z", 1));
            Assert.Equal("z=1", Show(state));
        }
    }

    [Fact]
    public async Task Snapshots_are_taken_every_k_epochs_and_recovery_uses_snapshot_plus_tail()
    {
        var settings = ShardedStateSettings.From(Config.Load()) with { SnapshotEveryEpochs = 2 };
        var expected = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using (var system = SystemOn("snap-1", _journal, _snapshots))
        {
            var shards = await StartAsync(system, -1, settings: settings);
            for (var epoch = 0; epoch < 5; epoch++)
            {
                var rows = new[] { ("k" + epoch, (long)epoch + 1), ("a", 1L) };
                foreach (var (key, value) in rows) expected[key] = expected.GetValueOrDefault(key) + value;
                await RunEpochAsync(shards, epoch, rows);
                await shards.CommitAsync(epoch);
            }
        }

        var id = ShardedStateBackend.PersistenceIdOf(Query, Operator, ShardOf("a")); // "a" changes in every epoch
        var snapshot = await _snapshots.LoadAsync(id, SnapshotSelectionCriteria.Latest, CancellationToken.None);
        Assert.NotNull(snapshot);
        Assert.Equal((3L, 4L), (((ShardSnapshot)snapshot.Snapshot).EpochId, snapshot.Metadata.SequenceNr)); // epochs 1 and 3 were due
        var remaining = new List<long>();
        await _journal.ReplayMessagesAsync(id, 1, long.MaxValue, long.MaxValue, e => remaining.Add(((EpochChanges)e.Payload).EpochId), CancellationToken.None);
        Assert.Equal([4], remaining); // events covered by the snapshot were deleted

        await using (var system = SystemOn("snap-2", _journal, _snapshots))
        await using (var shards = await StartAsync(system, committedEpoch: 4, settings: settings))
        {
            var (state, _) = await RunEpochAsync(shards, 5);
            Assert.Equal(Show(expected), Show(state));
        }
    }

    [Fact]
    public async Task A_snapshot_waits_for_its_epoch_to_commit_so_recovery_to_an_earlier_epoch_stays_exact()
    {
        var settings = ShardedStateSettings.From(Config.Load()) with { SnapshotEveryEpochs = 1 };
        await using (var system = SystemOn("snapwait-1", _journal, _snapshots))
        {
            var shards = await StartAsync(system, -1, settings: settings);
            await RunEpochAsync(shards, 0, Epoch0);
            await shards.CommitAsync(0);
            await RunEpochAsync(shards, 1, Epoch1); // a snapshot of epoch 1 is due, but epoch 1 never commits
        }

        await using (var system = SystemOn("snapwait-2", _journal, _snapshots))
        await using (var shards = await StartAsync(system, committedEpoch: 0, settings: settings))
        {
            var (state, _) = await RunEpochAsync(shards, 1);
            Assert.Equal("a=11,b=2,c=3,d=4,e=5", Show(state));
        }
    }

    [Fact]
    public async Task Credit_limits_the_batches_in_flight_and_a_send_waits_until_the_shard_took_one()
    {
        using var gate = new SemaphoreSlim(0);
        var settings = ShardedStateSettings.From(Config.Load()) with { MaxOutstandingBatches = 2 };
        await using var system = SystemOn("credit", _journal, _snapshots);
        var op = new CountingOperator(gate);
        await using var shards = await StartAsync(system, -1, op, settings);
        var epoch = Epoch(0);
        KeyedRow<string, long>[] Batch(long value) => [new("a", EventTime.None, value)];
        var shard = ShardOf("a");

        Assert.True(shards.SendAsync(shard, Batch(1), 1, epoch, false).AsTask().IsCompleted);
        Assert.True(shards.SendAsync(shard, Batch(2), 1, epoch, false).AsTask().IsCompleted);
        var third = shards.SendAsync(shard, Batch(4), 1, epoch, false).AsTask();
        Assert.False(third.IsCompleted);
        Assert.Equal(2, ((OperatorShards<string, long, (string, long)>)shards).InFlight(shard));

        gate.Release(); // the shard finishes the first batch: its answer is the credit for the third
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, Volatile.Read(ref op.RowsSeen));

        gate.Release(2);
        var result = await shards.EndEpochAsync(shard, epoch);
        Assert.Equal(("a", 7L), result.Output.Single().Value);
        Assert.Equal(0, ((OperatorShards<string, long, (string, long)>)shards).InFlight(shard));
    }

    [Fact]
    public async Task Output_emitted_at_once_and_late_rows_come_back_to_the_router()
    {
        await using var system = SystemOn("emitted", _journal, _snapshots);
        await using var shards = await StartAsync(system, -1);
        var epoch = Epoch(0);
        var lateShard = ShardOf("late");
        var late = await shards.SendAsync(lateShard, [new("late", 42, 7), new("x", EventTime.None, 1)], 2, epoch, collectLate: true);
        Assert.Equal([new TimedRow<long>(7, 42)], late.Late);

        var nowShard = ShardOf("now");
        var sent = await shards.SendAsync(nowShard, [new("now", 5, 9)], 1, epoch, collectLate: false);
        var end = await shards.EndEpochAsync(nowShard, epoch);

        // Emitted at once: handed back with the send when the shard was that quick, else before the epoch's own output.
        Assert.Equal(("now", 9L), sent.Output.Concat(end.Output).First().Value);
    }

    [Fact]
    public async Task A_shard_that_throws_fails_the_later_calls_with_its_cause()
    {
        await using var system = SystemOn("failing", _journal, _snapshots);
        await using var shards = await StartAsync(system, -1);
        var shard = ShardOf("boom");
        await shards.SendAsync(shard, [new("boom", EventTime.None, 1)], 1, Epoch(0), false);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => shards.EndEpochAsync(shard, Epoch(0)));
        Assert.Contains("'q1/0-count/" + shard + "' failed while processing a batch of rows of epoch 0: boom", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => shards.SendAsync(shard, [new("x", EventTime.None, 1)], 1, Epoch(0), false).AsTask());
    }

    [Fact]
    public async Task A_corrupt_changelog_event_fails_the_start_naming_persistence_id_and_sequence_number()
    {
        var id = ShardedStateBackend.PersistenceIdOf(Query, Operator, 2);
        await _journal.WriteMessagesAsync(
            [new AtomicWrite(new PersistentRepresentation(id, 1, new EpochChanges(0, ["not json"u8.ToArray()])))],
            CancellationToken.None);

        await using var system = SystemOn("corrupt", _journal, _snapshots);
        var error = await Assert.ThrowsAsync<PersistenceException>(() => StartAsync(system, committedEpoch: 0));
        Assert.Contains("State shard 'q1/0-count/2': the changelog event at sequence number 1 (epoch 0) cannot be read into store 'sums'", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task Starting_the_same_operator_twice_is_refused_until_the_first_is_disposed()
    {
        await using var system = SystemOn("twice", _journal, _snapshots);
        var first = await StartAsync(system, -1);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(system, -1));
        Assert.Contains("already running", error.Message, StringComparison.Ordinal);
        await first.DisposeAsync();
        await using var second = await StartAsync(system, -1);
        Assert.Equal(Shards, second.NumberOfShards);
    }

    [Fact]
    public async Task Disposing_the_shards_after_the_actor_system_terminated_returns_at_once()
    {
        var system = SystemOn("terminated", _journal, _snapshots);
        var shards = await StartAsync(system, -1);
        await system.Terminate();
        await shards.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("sluice.state.sharded.max-outstanding-batches = 0", "sluice.state.sharded.max-outstanding-batches = 0 must be at least 1")]
    [InlineData("sluice.state.sharded.snapshot-every-epochs = -2", "sluice.state.sharded.snapshot-every-epochs = -2 must be at least 1")]
    [InlineData("sluice.state.sharded.snapshot-after-bytes = 0", "sluice.state.sharded.snapshot-after-bytes = 0 must be at least 1 byte")]
    public void Invalid_settings_are_refused_naming_the_key_and_the_fix(string hocon, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => ShardedStateSettings.From(Config.Load(Config.Parse(hocon))));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_settings_are_sixteen_batches_of_credit_and_a_snapshot_every_ten_epochs()
    {
        var settings = ShardedStateSettings.From(Config.Load());
        Assert.Equal((16, 10, 64L * 1024 * 1024, TimeSpan.FromSeconds(60)),
            (settings.MaxOutstandingBatches, settings.SnapshotEveryEpochs, settings.SnapshotAfterBytes, settings.CallTimeout));
    }
}
