using Sluice.Persistence;
using Sluice.Persistence.Snapshots;
using Xunit;

namespace Sluice.TestKit.Persistence;

/// <summary>
/// The behaviour every snapshot store must have (like Akka's persistence TCK). A plugin's test class inherits it and
/// implements <see cref="CreateSnapshotStoreAsync"/>. Each test uses a fresh persistence id.
/// </summary>
/// <remarks>Before every test the fixture saves snapshots <c>s-1</c>..<c>s-5</c> of <see cref="Pid"/> at sequence
/// numbers 11..15, one minute apart.</remarks>
public abstract class SnapshotStoreSpec : IAsyncLifetime
{
    private static readonly DateTime s_baseTime = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private ISnapshotStore? _store;

    /// <summary>The store under test.</summary>
    protected ISnapshotStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>The persistence id the fixture saved snapshots of.</summary>
    protected string Pid { get; } = $"s-{Guid.NewGuid():N}";

    /// <summary>Metadata of the fixture's snapshots s-1..s-5 (index 0..4).</summary>
    protected IReadOnlyList<SnapshotMetadata> Saved { get; private set; } = [];

    /// <summary>Creates the store under test (a fresh or test-class-wide one).</summary>
    /// <returns>The store.</returns>
    protected abstract Task<ISnapshotStore> CreateSnapshotStoreAsync();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _store = await CreateSnapshotStoreAsync();
        var saved = new List<SnapshotMetadata>();
        for (var i = 1; i <= 5; i++)
        {
            var metadata = new SnapshotMetadata(Pid, 10 + i, s_baseTime.AddMinutes(i));
            await Store.SaveAsync(metadata, $"s-{i}", CancellationToken.None);
            saved.Add(metadata);
        }

        Saved = saved;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    // The tests' names are sentences saying what they check; they need no doc comments.
#pragma warning disable CS1591
    [Fact]
    public async Task Loads_nothing_for_an_unknown_persistence_id() =>
        Assert.Null(await Store.LoadAsync($"s-{Guid.NewGuid():N}", SnapshotSelectionCriteria.Latest, CancellationToken.None));

    [Fact]
    public async Task Loads_nothing_when_no_timestamp_matches() =>
        Assert.Null(await Store.LoadAsync(Pid, new SnapshotSelectionCriteria(long.MaxValue, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)), CancellationToken.None));

    [Fact]
    public async Task Loads_nothing_when_no_sequence_number_matches() =>
        Assert.Null(await Store.LoadAsync(Pid, SnapshotSelectionCriteria.UpTo(7), CancellationToken.None));

    [Fact]
    public async Task Loads_nothing_with_the_none_criteria() =>
        Assert.Null(await Store.LoadAsync(Pid, SnapshotSelectionCriteria.None, CancellationToken.None));

    [Fact]
    public async Task Loads_the_most_recent_snapshot() =>
        await AssertLoadsAsync(SnapshotSelectionCriteria.Latest, 4);

    [Fact]
    public async Task Loads_the_most_recent_snapshot_up_to_a_sequence_number() =>
        await AssertLoadsAsync(SnapshotSelectionCriteria.UpTo(13), 2);

    [Fact]
    public async Task Loads_the_most_recent_snapshot_up_to_a_sequence_number_and_a_timestamp()
    {
        await AssertLoadsAsync(new SnapshotSelectionCriteria(13, Saved[2].Timestamp), 2);
        await AssertLoadsAsync(new SnapshotSelectionCriteria(long.MaxValue, Saved[2].Timestamp), 2);
    }

    [Fact]
    public async Task Loads_only_snapshots_above_the_lower_bounds()
    {
        await AssertLoadsAsync(new SnapshotSelectionCriteria(12, DateTime.MaxValue, MinSequenceNr: 12), 1);
        Assert.Null(await Store.LoadAsync(Pid, new SnapshotSelectionCriteria(13, DateTime.MaxValue, MinTimestamp: Saved[3].Timestamp), CancellationToken.None));
    }

    [Fact]
    public async Task Deletes_a_single_snapshot_identified_by_its_metadata()
    {
        await Store.DeleteAsync(Saved[2], CancellationToken.None);
        await AssertLoadsAsync(SnapshotSelectionCriteria.UpTo(13), 1);
        await AssertLoadsAsync(SnapshotSelectionCriteria.Latest, 4);
    }

    [Fact]
    public async Task Deletes_a_single_snapshot_when_the_metadata_has_no_timestamp()
    {
        await Store.DeleteAsync(new SnapshotMetadata(Pid, 13), CancellationToken.None);
        await AssertLoadsAsync(SnapshotSelectionCriteria.UpTo(13), 1);
    }

    [Fact]
    public async Task Keeps_a_snapshot_stored_later_than_the_metadata_timestamp()
    {
        await Store.DeleteAsync(Saved[2] with { Timestamp = Saved[2].Timestamp.AddTicks(-1) }, CancellationToken.None);
        await AssertLoadsAsync(SnapshotSelectionCriteria.UpTo(13), 2);
    }

    [Fact]
    public async Task Deletes_all_snapshots_matching_the_criteria()
    {
        var criteria = new SnapshotSelectionCriteria(13, Saved[2].Timestamp);
        await Store.DeleteAsync(Pid, criteria, CancellationToken.None);
        Assert.Null(await Store.LoadAsync(Pid, criteria, CancellationToken.None));
        await AssertLoadsAsync(SnapshotSelectionCriteria.UpTo(14), 3);
    }

    [Fact]
    public async Task Keeps_snapshots_outside_the_timestamp_bound_of_a_delete()
    {
        await Store.DeleteAsync(Pid, new SnapshotSelectionCriteria(14, Saved[3].Timestamp.AddTicks(-1)), CancellationToken.None);
        await AssertLoadsAsync(SnapshotSelectionCriteria.UpTo(14), 3);
        Assert.Null(await Store.LoadAsync(Pid, SnapshotSelectionCriteria.UpTo(13), CancellationToken.None));
    }

    [Fact]
    public async Task Overwrites_a_snapshot_saved_again_with_the_same_sequence_number()
    {
        var metadata = Saved[4] with { Timestamp = Saved[4].Timestamp.AddSeconds(1) };
        await Store.SaveAsync(metadata, "s-5 again", CancellationToken.None);
        var loaded = await Store.LoadAsync(Pid, SnapshotSelectionCriteria.Latest, CancellationToken.None);
        Assert.NotNull(loaded);
        Assert.Equal(metadata, loaded.Metadata);
        Assert.Equal("s-5 again", loaded.Snapshot);
    }

    [Fact]
    public async Task Saves_and_loads_a_big_snapshot()
    {
        var seed = Environment.TickCount;
        Console.WriteLine($"{nameof(Saves_and_loads_a_big_snapshot)} seed: {seed}");
        var bytes = new byte[10_000];
        new Random(seed).NextBytes(bytes);
        await Store.SaveAsync(new SnapshotMetadata(Pid, 100, s_baseTime.AddHours(1)), bytes, CancellationToken.None);
        var loaded = await Store.LoadAsync(Pid, SnapshotSelectionCriteria.Latest, CancellationToken.None);
        Assert.Equal(bytes, Assert.IsType<byte[]>(loaded?.Snapshot));
    }

    [Fact]
    public async Task Round_trips_custom_snapshot_types()
    {
        var state = new SpecOrder("order-7", [new SpecLine("book", 2)], 3.25m);
        await Store.SaveAsync(new SnapshotMetadata(Pid, 100, s_baseTime.AddHours(1)), state, CancellationToken.None);
        var loaded = await Store.LoadAsync(Pid, SnapshotSelectionCriteria.Latest, CancellationToken.None);
        Assert.Equal(state, loaded?.Snapshot);
    }

    [Fact]
    public async Task Stamps_a_snapshot_saved_without_a_timestamp_with_the_current_time()
    {
        var before = DateTime.UtcNow;
        await Store.SaveAsync(new SnapshotMetadata(Pid, 100), "now", CancellationToken.None);
        var after = DateTime.UtcNow;
        var loaded = await Store.LoadAsync(Pid, SnapshotSelectionCriteria.Latest, CancellationToken.None);
        Assert.NotNull(loaded);
        Assert.InRange(loaded.Metadata.Timestamp, before, after);
    }
#pragma warning restore CS1591

    private async Task AssertLoadsAsync(SnapshotSelectionCriteria criteria, int index)
    {
        var loaded = await Store.LoadAsync(Pid, criteria, CancellationToken.None);
        Assert.NotNull(loaded);
        Assert.Equal(Saved[index], loaded.Metadata);
        Assert.Equal($"s-{index + 1}", loaded.Snapshot);
    }
}
