using Npgsql;
using Sluice.Persistence.Postgres;
using Sluice.TestKit.Postgres;

namespace Sluice.Persistence.Tests;

[Collection(PostgresServer.Collection)]
public sealed class PostgresStoreTests(PostgresServer server)
{
    [Fact]
    public void The_schema_script_creates_every_table_in_the_quoted_schema()
    {
        var script = PostgresSchema.CreateScript("acme");

        Assert.StartsWith("-- Sluice persistence schema version 1.\nCREATE SCHEMA IF NOT EXISTS \"acme\";\n", script, StringComparison.Ordinal);
        foreach (var table in new[] { "schema_version", "journal", "journal_tag", "journal_metadata", "snapshot" })
        {
            Assert.Contains($"CREATE TABLE IF NOT EXISTS \"acme\".{table} (", script, StringComparison.Ordinal);
        }

        Assert.Contains("CONSTRAINT journal_persistence_id_sequence_nr UNIQUE (persistence_id, sequence_nr)", script, StringComparison.Ordinal);
        Assert.Contains("CREATE SCHEMA IF NOT EXISTS \"we\"\"ird\";", PostgresSchema.CreateScript("we\"ird"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_auto_create_a_missing_schema_fails_with_the_command_to_run()
    {
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString);
        await using var journal = new PostgresJournal(new PostgresStoreSettings(server.ConnectionString, "not_created", AutoCreate: false));

        var error = await Assert.ThrowsAsync<PersistenceException>(() => journal.ReadHighestSequenceNrAsync("p", 0, CancellationToken.None));

        Assert.Equal(
            $"The Sluice tables are missing in PostgreSQL 127.0.0.1:{builder.Port}/sluice, schema \"not_created\" (no table \"not_created\".schema_version) " +
            "and auto-create is off. Ask a database administrator to run the script printed by `sluice checkpoint init --postgres \"<connection string>\" --schema not_created --print` (PostgresSchema.CreateScript in code), " +
            "or set sluice.persistence.postgres.auto-create = on.",
            error.Message);
    }

    [Fact]
    public async Task A_schema_created_by_the_script_is_used_without_auto_create()
    {
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            for (var i = 0; i < 2; i++)
            {
                using var create = new NpgsqlCommand(PostgresSchema.CreateScript("by_dba"), connection);
                await create.ExecuteNonQueryAsync();
            }

            using var version = new NpgsqlCommand("SELECT version FROM by_dba.schema_version", connection);
            Assert.Equal(1, await version.ExecuteScalarAsync());
        }

        await using var journal = new PostgresJournal(new PostgresStoreSettings(server.ConnectionString, "by_dba", AutoCreate: false));
        await journal.WriteMessagesAsync([new AtomicWrite(new PersistentRepresentation("p", 1, "e-1"))], CancellationToken.None);
        Assert.Equal(1, await journal.ReadHighestSequenceNrAsync("p", 0, CancellationToken.None));
    }

    [Fact]
    public async Task A_write_larger_than_the_batch_size_is_stored_whole_in_order()
    {
        await using var journal = new PostgresJournal(new PostgresStoreSettings(server.ConnectionString, "small_batches", BatchSize: 2));
        var events = Enumerable.Range(1, 5).Select(i => new PersistentRepresentation("p", i, $"e-{i}", Tags: ["t"])).ToList();

        Assert.Equal([null, null], await journal.WriteMessagesAsync([new AtomicWrite(events[..3]), new AtomicWrite(events[3..])], CancellationToken.None));

        var all = new List<OrderedEvent>();
        await journal.ReplayTaggedAsync("t", 0, long.MaxValue, all.Add, CancellationToken.None);
        Assert.Equal(["e-1", "e-2", "e-3", "e-4", "e-5"], all.Select(e => (string)e.Event.Payload));
        Assert.Equal(all.Select(e => e.Ordering).Order(), all.Select(e => e.Ordering));
    }

    [Fact]
    public async Task A_corrupt_row_fails_recovery_naming_the_persistence_id_sequence_number_and_cause()
    {
        await using var journal = new PostgresJournal(new PostgresStoreSettings(server.ConnectionString, "corrupt"));
        await journal.WriteMessagesAsync([new AtomicWrite(new PersistentRepresentation("order-7", 42, new OrderPlaced("order-7", 1)))], CancellationToken.None);
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            using var corrupt = new NpgsqlCommand("UPDATE corrupt.journal SET payload = '\\x7b6e6f74'::bytea", connection);
            Assert.Equal(1, await corrupt.ExecuteNonQueryAsync());
        }

        var error = await Assert.ThrowsAsync<PersistenceException>(
            () => journal.ReplayMessagesAsync("order-7", 1, long.MaxValue, long.MaxValue, _ => { }, CancellationToken.None));

        Assert.StartsWith(
            "Recovery of 'order-7' failed at sequence number 42: cannot deserialize manifest 'Sluice.Persistence.Tests.OrderPlaced' with serializer 1 (System.Text.Json): ",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ordering_taken_by_a_transaction_still_open_is_the_first_gap_until_it_commits()
    {
        await using var journal = new PostgresJournal(new PostgresStoreSettings(server.ConnectionString, "scan_gap"));
        Assert.True(journal.OrderingGapsMayFill);
        await journal.WriteMessagesAsync([new AtomicWrite(new PersistentRepresentation("a", 1, "e-1"))], CancellationToken.None);
        await using var held = await HeldJournalInsert.BeginAsync(server.ConnectionString, "scan_gap", "late", 1, ("a", 1));
        await journal.WriteMessagesAsync([new AtomicWrite(new PersistentRepresentation("b", 1, "e-1"))], CancellationToken.None);

        Assert.Equal(2, held.Ordering);
        Assert.Equal(new OrderingScan(3, 2), await journal.ScanOrderingsAsync(0, CancellationToken.None));

        await held.CommitAsync();
        Assert.Equal(new OrderingScan(3, 4), await journal.ScanOrderingsAsync(0, CancellationToken.None));
        Assert.Equal(new OrderingScan(3, 7), await journal.ScanOrderingsAsync(7, CancellationToken.None));
    }

    [Fact]
    public async Task Sqlite_and_memory_journals_make_orderings_visible_in_order()
    {
        using var directory = new TempDirectory();
        await using var sqlite = new Sqlite.SqliteJournal(new Sqlite.SqliteStoreSettings(directory.Path));
        await using var memory = new Journal.MemoryJournal();

        Assert.False(sqlite.OrderingGapsMayFill);
        Assert.False(memory.OrderingGapsMayFill);
        Assert.Equal(new OrderingScan(0, 1), await sqlite.ScanOrderingsAsync(0, CancellationToken.None));
        Assert.Equal(new OrderingScan(0, 1), await memory.ScanOrderingsAsync(0, CancellationToken.None));
    }
}
