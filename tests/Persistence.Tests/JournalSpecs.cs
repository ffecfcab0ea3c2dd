using Sluice.Persistence.Journal;
using Sluice.Persistence.Postgres;
using Sluice.Persistence.Snapshots;
using Sluice.Persistence.Sqlite;
using Sluice.TestKit.Persistence;
using Sluice.TestKit.Postgres;

namespace Sluice.Persistence.Tests;

public sealed class MemoryJournalSpec : JournalSpec
{
    protected override Task<IJournalStore> CreateJournalAsync() => Task.FromResult<IJournalStore>(new MemoryJournal());
}

public sealed class MemorySnapshotStoreSpec : SnapshotStoreSpec
{
    protected override Task<ISnapshotStore> CreateSnapshotStoreAsync() => Task.FromResult<ISnapshotStore>(new MemorySnapshotStore());
}

// Every test opens the class's file anew: the spec also checks that nothing is lost between instances.
public sealed class SqliteJournalSpec(TempDirectory directory) : JournalSpec, IClassFixture<TempDirectory>
{
    protected override Task<IJournalStore> CreateJournalAsync() =>
        Task.FromResult<IJournalStore>(new SqliteJournal(new SqliteStoreSettings(directory.Path)));
}

public sealed class SqliteSnapshotStoreSpec(TempDirectory directory) : SnapshotStoreSpec, IClassFixture<TempDirectory>
{
    protected override Task<ISnapshotStore> CreateSnapshotStoreAsync() =>
        Task.FromResult<ISnapshotStore>(new SqliteSnapshotStore(new SqliteStoreSettings(directory.Path)));
}

[Collection(PostgresServer.Collection)]
public sealed class PostgresJournalSpec(PostgresServer server) : JournalSpec
{
    protected override Task<IJournalStore> CreateJournalAsync() =>
        Task.FromResult<IJournalStore>(new PostgresJournal(new PostgresStoreSettings(server.ConnectionString, "journal_spec")));
}

[Collection(PostgresServer.Collection)]
public sealed class PostgresSnapshotStoreSpec(PostgresServer server) : SnapshotStoreSpec
{
    protected override Task<ISnapshotStore> CreateSnapshotStoreAsync() =>
        Task.FromResult<ISnapshotStore>(new PostgresSnapshotStore(new PostgresStoreSettings(server.ConnectionString, "snapshot_spec")));
}
