using Sluice.Actors;
using Sluice.Actors.Configuration;
using Sluice.Persistence.Sqlite;

namespace Sluice.Persistence.Tests;

public sealed class PersistenceSettingsTests
{
    [Fact]
    public void The_reference_configuration_selects_sqlite_under_the_data_directory()
    {
        var settings = PersistenceSettings.From(Config.Load());

        Assert.Equal(PersistencePlugin.Sqlite, settings.Plugin);
        Assert.Equal(PersistencePlugin.Sqlite, settings.SnapshotPlugin);
        Assert.Equal(new SqliteStoreSettings("data", "persistence.db", 30), settings.Sqlite);
        Assert.Equal((500, 2, 50), (settings.BatchSize, settings.MaxInFlightBatches, settings.MaxConcurrentRecoveries));
        Assert.Equal(TimeSpan.FromMilliseconds(2), settings.BatchLinger);
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)), (settings.JournalCallTimeout, settings.SnapshotCallTimeout));
        Assert.Equal(("sluice", true, 1000), (settings.Postgres.Schema, settings.Postgres.AutoCreate, settings.Postgres.BatchSize));
    }

    [Fact]
    public void Snapshots_can_be_disabled()
    {
        var settings = PersistenceSettings.From(Config.Load(Config.Parse("sluice.persistence { plugin = memory, snapshot-store.plugin = none }")));

        Assert.Equal((PersistencePlugin.Memory, PersistencePlugin.None), (settings.Plugin, settings.SnapshotPlugin));
    }

    [Fact]
    public void An_unknown_plugin_is_named_with_the_choices()
    {
        var error = Assert.Throws<ConfigurationException>(() => PersistenceSettings.From(Config.Load(Config.Parse("sluice.persistence.plugin = mongo"))));

        Assert.Equal("sluice.persistence.plugin = \"mongo\" is not a persistence plugin. Use sqlite, postgres or memory.", error.Message);
    }

    [Fact]
    public void Postgres_without_a_connection_string_says_how_to_set_it()
    {
        var error = Assert.Throws<ConfigurationException>(() => PersistenceSettings.From(Config.Load(Config.Parse("sluice.persistence.plugin = postgres"))));

        Assert.StartsWith("sluice.persistence.plugin = postgres needs sluice.persistence.postgres.connection-string, but it is empty.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_size_below_one_is_rejected()
    {
        var error = Assert.Throws<ConfigurationException>(() => PersistenceSettings.From(Config.Load(Config.Parse("sluice.persistence.journal.batch-size = 0"))));

        Assert.Equal("sluice.persistence.journal.batch-size = 0 must be at least 1.", error.Message);
    }

    [Fact]
    public void A_negative_batch_linger_is_rejected_and_zero_turns_it_off()
    {
        var error = Assert.Throws<ConfigurationException>(() => PersistenceSettings.From(Config.Load(Config.Parse("sluice.persistence.journal.batch-linger = -1ms"))));

        Assert.Equal("sluice.persistence.journal.batch-linger = -1ms must be a duration of 0 or more, e.g. 2ms (0 turns it off).", error.Message);
        Assert.Equal(TimeSpan.Zero, PersistenceSettings.From(Config.Load(Config.Parse("sluice.persistence.journal.batch-linger = 0ms"))).BatchLinger);
    }

    [Fact]
    public async Task The_persistence_of_a_system_is_created_once_from_its_configuration()
    {
        await using var system = ActorSystem.Create("persistence-once", Config.Parse("sluice.persistence.plugin = memory"));

        var first = SluicePersistence.Get(system);

        Assert.Same(first, SluicePersistence.Get(system));
        Assert.IsType<Journal.MemoryJournal>(first.JournalStore);
        Assert.IsType<Snapshots.MemorySnapshotStore>(first.SnapshotStore);
        Assert.Throws<InvalidOperationException>(() => SluicePersistence.Start(system, new Journal.MemoryJournal(), null));
    }
}
