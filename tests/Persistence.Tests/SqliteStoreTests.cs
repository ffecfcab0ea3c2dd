using Microsoft.Data.Sqlite;
using Sluice.Persistence.Journal;
using Sluice.Persistence.Serialization;
using Sluice.Persistence.Sqlite;

namespace Sluice.Persistence.Tests;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly SqliteStoreSettings _settings;

    public SqliteStoreTests() => _settings = new SqliteStoreSettings(_directory.Path, "store.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_corrupt_row_fails_recovery_naming_the_persistence_id_sequence_number_and_cause()
    {
        await WriteOrderEventsAsync(42);
        await ExecuteAsync("UPDATE journal SET payload = X'7B6E6F74' WHERE persistence_id = 'order-7' AND sequence_nr = 42");

        var error = await ReplayFailureAsync(new SerializerRegistry());

        Assert.StartsWith(
            "Recovery of 'order-7' failed at sequence number 42: cannot deserialize manifest 'Sluice.Persistence.Tests.OrderPlaced' " +
            "with serializer 1 (System.Text.Json): ",
            error.Message,
            StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
    }

    [Fact]
    public async Task A_replay_returns_to_its_caller_before_it_reads_so_replays_awaited_together_run_in_parallel()
    {
        await WriteOrderEventsAsync(3);
        await using var journal = new SqliteJournal(_settings);
        using var release = new ManualResetEventSlim();
        var replayed = new List<long>();
        var blockedItsCaller = false;

        // The first event waits for the caller, which only gets here if the replay left its thread.
        var replay = journal.ReplayMessagesAsync(
            "order-7", 1, long.MaxValue, long.MaxValue,
            e =>
            {
                blockedItsCaller |= !release.Wait(TimeSpan.FromSeconds(10));
                replayed.Add(e.SequenceNr);
            },
            CancellationToken.None);
        release.Set();
        await replay;

        Assert.False(blockedItsCaller);
        Assert.Equal([1L, 2L, 3L], replayed);
    }

    [Fact]
    public async Task A_row_of_an_unknown_serializer_fails_recovery_naming_the_fix()
    {
        await WriteOrderEventsAsync(3);
        await ExecuteAsync("UPDATE journal SET serializer_id = 77 WHERE sequence_nr = 2");

        var error = await ReplayFailureAsync(new SerializerRegistry());

        Assert.Equal(
            "Recovery of 'order-7' failed at sequence number 2: unknown serializer id 77 (manifest 'Sluice.Persistence.Tests.OrderPlaced'); " +
            "add the serializer that wrote it with SerializerRegistry.Add",
            error.Message);
    }

    [Fact]
    public async Task A_renamed_event_type_replays_once_its_old_manifest_is_mapped()
    {
        await WriteOrderEventsAsync(2);
        await ExecuteAsync("UPDATE journal SET manifest = 'Legacy.Orders.OrderPlaced'");

        var error = await ReplayFailureAsync(new SerializerRegistry());
        Assert.Equal(
            "Recovery of 'order-7' failed at sequence number 1: cannot deserialize manifest 'Legacy.Orders.OrderPlaced' with serializer 1 " +
            "(System.Text.Json): no loaded type is named 'Legacy.Orders.OrderPlaced'; if the type was renamed or moved, map the old name " +
            "with SerializerRegistry.MapManifest(\"Legacy.Orders.OrderPlaced\", typeof(NewName))",
            error.Message);

        var registry = new SerializerRegistry();
        registry.MapManifest("Legacy.Orders.OrderPlaced", typeof(OrderPlacedV2));
        await using var journal = new SqliteJournal(_settings, registry);
        var replayed = new List<PersistentRepresentation>();
        await journal.ReplayMessagesAsync("order-7", 1, long.MaxValue, long.MaxValue, replayed.Add, CancellationToken.None);
        Assert.Equal([new OrderPlacedV2("order-7", 1), new OrderPlacedV2("order-7", 2)], replayed.Select(e => e.Payload));
        Assert.All(replayed, e => Assert.Equal("Legacy.Orders.OrderPlaced", e.Manifest));
    }

    [Fact]
    public async Task A_reopened_file_keeps_events_tags_deletes_and_snapshots()
    {
        await using (var journal = new SqliteJournal(_settings))
        await using (var snapshots = new SqliteSnapshotStore(_settings))
        {
            await journal.WriteMessagesAsync(
                [new AtomicWrite([Event(1, ["blue"]), Event(2, ["blue"]), Event(3)])], CancellationToken.None);
            await journal.DeleteMessagesToAsync("order-7", 3, CancellationToken.None);
            await journal.WriteMessagesAsync([new AtomicWrite(Event(4, ["blue"]))], CancellationToken.None);
            await snapshots.SaveAsync(new SnapshotMetadata("order-7", 3), "state-3", CancellationToken.None);
        }

        await using (var journal = new SqliteJournal(_settings))
        await using (var snapshots = new SqliteSnapshotStore(_settings))
        {
            var replayed = new List<PersistentRepresentation>();
            await journal.ReplayMessagesAsync("order-7", 1, long.MaxValue, long.MaxValue, replayed.Add, CancellationToken.None);
            Assert.Equal([4L], replayed.Select(e => e.SequenceNr));
            Assert.Equal(["blue"], replayed[0].Tags);
            Assert.Equal(4, await journal.ReadHighestSequenceNrAsync("order-7", 0, CancellationToken.None));
            var tagged = new List<OrderedEvent>();
            await journal.ReplayTaggedAsync("blue", 0, long.MaxValue, tagged.Add, CancellationToken.None);
            Assert.Equal([4L], tagged.Select(e => e.Event.SequenceNr));
            Assert.Equal("state-3", (await snapshots.LoadAsync("order-7", SnapshotSelectionCriteria.Latest, CancellationToken.None))?.Snapshot);
        }

        await using (var journal = new SqliteJournal(_settings))
        {
            await journal.DeleteMessagesToAsync("order-7", long.MaxValue, CancellationToken.None);
        }

        await using (var journal = new SqliteJournal(_settings))
        {
            Assert.Equal(4, await journal.ReadHighestSequenceNrAsync("order-7", 0, CancellationToken.None));
        }
    }

    [Fact]
    public async Task The_file_records_its_schema_version_and_runs_in_wal_mode_with_full_sync()
    {
        await using var journal = new SqliteJournal(_settings);
        await using var connection = await journal.Database.OpenAsync(CancellationToken.None);

        Assert.Equal(1L, await ScalarAsync(connection, "SELECT version FROM schema_version"));
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        Assert.Equal(2L, await ScalarAsync(connection, "PRAGMA synchronous"));
        Assert.True(File.Exists(Path.Combine(_directory.Path, "store.db")));
    }

    [Fact]
    public async Task Two_journals_on_one_file_detect_a_second_writer_of_a_persistence_id()
    {
        await using var first = new SqliteJournal(_settings);
        await using var second = new SqliteJournal(_settings);
        await first.WriteMessagesAsync([new AtomicWrite(Event(1))], CancellationToken.None);

        var error = await Assert.ThrowsAsync<PersistenceException>(
            () => second.WriteMessagesAsync([new AtomicWrite(Event(2)), new AtomicWrite(Event(1) with { WriterGuid = "intruder" })], CancellationToken.None));

        Assert.Contains("'order-7' already has an event with sequence number 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await first.ReadHighestSequenceNrAsync("order-7", 0, CancellationToken.None));
    }

    private static PersistentRepresentation Event(long sequenceNr, string[]? tags = null) =>
        new("order-7", sequenceNr, new OrderPlaced("order-7", (int)sequenceNr), "writer-1", Tags: tags);

    private async Task WriteOrderEventsAsync(int count)
    {
        await using var journal = new SqliteJournal(_settings);
        var writes = Enumerable.Range(1, count).Select(i => new AtomicWrite(Event(i))).ToList();
        Assert.All(await journal.WriteMessagesAsync(writes, CancellationToken.None), Assert.Null);
    }

    private async Task<PersistenceException> ReplayFailureAsync(SerializerRegistry registry)
    {
        await using var journal = new SqliteJournal(_settings, registry);
        return await Assert.ThrowsAsync<PersistenceException>(
            () => journal.ReplayMessagesAsync("order-7", 1, long.MaxValue, long.MaxValue, _ => { }, CancellationToken.None));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var journal = new SqliteJournal(_settings);
        await using var connection = await journal.Database.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.NotEqual(0, await command.ExecuteNonQueryAsync());
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
