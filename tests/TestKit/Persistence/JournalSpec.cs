using Sluice.Persistence;
using Sluice.Persistence.Journal;
using Xunit;

namespace Sluice.TestKit.Persistence;

/// <summary>
/// The behaviour every journal store must have (like Akka's persistence TCK). A plugin's test class inherits it and
/// implements <see cref="CreateJournalAsync"/>. Each test uses fresh persistence ids, so the journal may be shared by
/// the tests of a class (they run one after another); classes must not share one.
/// </summary>
/// <remarks>Before every test the fixture writes events <c>a-1</c>..<c>a-5</c> of <see cref="Pid"/>, with 4 and 5
/// in one atomic write.</remarks>
public abstract class JournalSpec : IAsyncLifetime
{
    /// <summary>Time stamp of the fixture's event 1; event n is n seconds later.</summary>
    protected static readonly DateTime BaseTime = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    private static int s_counter;
    private IJournalStore? _journal;

    /// <summary>The journal under test.</summary>
    protected IJournalStore Journal => _journal ?? throw new InvalidOperationException("The journal is created in InitializeAsync.");

    /// <summary>The persistence id the fixture wrote.</summary>
    protected string Pid { get; } = NewPid();

    /// <summary>The writer of the fixture's events.</summary>
    protected string WriterGuid { get; } = Guid.NewGuid().ToString();

    /// <summary>Creates the journal under test (a fresh or test-class-wide one).</summary>
    /// <returns>The journal.</returns>
    protected abstract Task<IJournalStore> CreateJournalAsync();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _journal = await CreateJournalAsync();
        var results = await Journal.WriteMessagesAsync(
            [Write(1), Write(2), Write(3), new AtomicWrite([Event(4), Event(5)])], CancellationToken.None);
        Assert.Equal([null, null, null, null], results);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_journal is not null)
        {
            await _journal.DisposeAsync();
        }
    }

    // The tests' names are sentences saying what they check; they need no doc comments.
#pragma warning disable CS1591
    [Fact]
    public async Task Replays_all_events_in_order_and_reports_the_highest_sequence_number()
    {
        var replayed = await ReplayAsync(Pid, 1, long.MaxValue, long.MaxValue);
        Assert.Equal(["a-1", "a-2", "a-3", "a-4", "a-5"], Values(replayed));
        Assert.Equal([1L, 2, 3, 4, 5], replayed.Select(e => e.SequenceNr));
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync(Pid, 0, CancellationToken.None));
    }

    [Fact]
    public async Task Replays_from_a_lower_sequence_number_bound() =>
        Assert.Equal(["a-3", "a-4", "a-5"], Values(await ReplayAsync(Pid, 3, long.MaxValue, long.MaxValue)));

    [Fact]
    public async Task Replays_up_to_an_upper_sequence_number_bound_while_the_highest_stays_5()
    {
        Assert.Equal(["a-1", "a-2", "a-3"], Values(await ReplayAsync(Pid, 1, 3, long.MaxValue)));
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync(Pid, 0, CancellationToken.None));
    }

    [Fact]
    public async Task Replays_at_most_the_count_limit() =>
        Assert.Equal(["a-1", "a-2", "a-3"], Values(await ReplayAsync(Pid, 1, long.MaxValue, 3)));

    [Fact]
    public async Task Replays_between_a_lower_and_an_upper_bound() =>
        Assert.Equal(["a-2", "a-3"], Values(await ReplayAsync(Pid, 2, 3, long.MaxValue)));

    [Fact]
    public async Task Replays_between_bounds_up_to_the_count_limit() =>
        Assert.Equal(["a-2", "a-3"], Values(await ReplayAsync(Pid, 2, 5, 2)));

    [Fact]
    public async Task Replays_a_single_event_when_the_lower_bound_equals_the_upper_bound() =>
        Assert.Equal(["a-2"], Values(await ReplayAsync(Pid, 2, 2, long.MaxValue)));

    [Fact]
    public async Task Replays_a_single_event_when_the_count_limit_is_one() =>
        Assert.Equal(["a-2"], Values(await ReplayAsync(Pid, 2, 4, 1)));

    [Fact]
    public async Task Replays_nothing_when_the_count_limit_is_zero() =>
        Assert.Empty(await ReplayAsync(Pid, 1, long.MaxValue, 0));

    [Fact]
    public async Task Replays_nothing_when_the_lower_bound_is_above_the_upper_bound() =>
        Assert.Empty(await ReplayAsync(Pid, 3, 2, long.MaxValue));

    [Fact]
    public async Task Replays_nothing_and_reports_zero_for_a_persistence_id_without_events()
    {
        var unknown = NewPid();
        Assert.Empty(await ReplayAsync(unknown, 1, long.MaxValue, long.MaxValue));
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync(unknown, 0, CancellationToken.None));
    }

    [Fact]
    public async Task Does_not_replay_deleted_events()
    {
        await Journal.DeleteMessagesToAsync(Pid, 3, CancellationToken.None);
        Assert.Equal(["a-4", "a-5"], Values(await ReplayAsync(Pid, 1, long.MaxValue, long.MaxValue)));
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync(Pid, 0, CancellationToken.None));
    }

    [Fact]
    public async Task Keeps_the_highest_sequence_number_after_all_events_are_deleted()
    {
        await Journal.DeleteMessagesToAsync(Pid, long.MaxValue, CancellationToken.None);
        Assert.Empty(await ReplayAsync(Pid, 1, long.MaxValue, long.MaxValue));
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync(Pid, 0, CancellationToken.None));

        Assert.Equal([null], await Journal.WriteMessagesAsync([Write(6)], CancellationToken.None));
        Assert.Equal(["a-6"], Values(await ReplayAsync(Pid, 1, long.MaxValue, long.MaxValue)));
        Assert.Equal(6, await Journal.ReadHighestSequenceNrAsync(Pid, 0, CancellationToken.None));
    }

    [Fact]
    public async Task Replayed_events_keep_persistence_id_writer_timestamp_and_manifest()
    {
        var first = (await ReplayAsync(Pid, 1, 1, 1)).Single();
        Assert.Equal(Pid, first.PersistenceId);
        Assert.Equal(1, first.SequenceNr);
        Assert.Equal(new SpecEvent("a-1"), first.Payload);
        Assert.Equal(WriterGuid, first.WriterGuid);
        Assert.Equal(BaseTime.AddSeconds(1), first.Timestamp);
        Assert.Equal(DateTimeKind.Utc, first.Timestamp.Kind);
        Assert.Equal(typeof(SpecEvent).FullName, first.Manifest);
        Assert.Empty(first.Tags);
        Assert.False(first.IsDeleted);
    }

    [Fact]
    public async Task Round_trips_nested_custom_payloads()
    {
        var order = new SpecOrder("order-7", [new SpecLine("book", 2), new SpecLine("pen", 10)], 12.5m);
        Assert.Equal([null], await Journal.WriteMessagesAsync([new AtomicWrite(Event(6, order))], CancellationToken.None));
        var replayed = (await ReplayAsync(Pid, 6, 6, 1)).Single();
        Assert.Equal(order, replayed.Payload);
    }

    [Fact]
    public async Task Stores_an_atomic_write_all_or_nothing()
    {
        var results = await Journal.WriteMessagesAsync(
            [new AtomicWrite([Event(6), Event(7, new UnserializablePayload()), Event(8)])], CancellationToken.None);

        var rejection = Assert.IsType<PersistenceException>(Assert.Single(results));
        Assert.Contains($"'{Pid}' at sequence number 7", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(["a-1", "a-2", "a-3", "a-4", "a-5"], Values(await ReplayAsync(Pid, 1, long.MaxValue, long.MaxValue)));
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync(Pid, 0, CancellationToken.None));
    }

    [Fact]
    public async Task Rejects_an_unserializable_event_without_losing_the_others_of_the_batch()
    {
        var other = NewPid();
        var results = await Journal.WriteMessagesAsync(
            [Write(6), new AtomicWrite(Event(7, new UnserializablePayload())), Write(8), new AtomicWrite(Event(1, new SpecEvent("b-1"), other))],
            CancellationToken.None);

        Assert.Null(results[0]);
        var rejection = Assert.IsType<PersistenceException>(results[1]);
        Assert.Equal(
            $"Cannot serialize the event of '{Pid}' at sequence number 7 (type {typeof(UnserializablePayload).FullName}) " +
            "with serializer 1 (System.Text.Json): this payload cannot be serialized",
            rejection.Message);
        Assert.Null(results[2]);
        Assert.Null(results[3]);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 8], (await ReplayAsync(Pid, 1, long.MaxValue, long.MaxValue)).Select(e => e.SequenceNr));
        Assert.Equal(8, await Journal.ReadHighestSequenceNrAsync(Pid, 0, CancellationToken.None));
        Assert.Equal(["b-1"], Values(await ReplayAsync(other, 1, long.MaxValue, long.MaxValue)));
    }

    [Fact]
    public async Task Concurrent_writers_of_different_persistence_ids_each_keep_their_order()
    {
        const int writers = 6;
        const int eventsEach = 25;
        var pids = Enumerable.Range(0, writers).Select(_ => NewPid()).ToArray();
        await Task.WhenAll(pids.Select(pid => Task.Run(async () =>
        {
            for (var seq = 1; seq <= eventsEach; seq++)
            {
                var results = await Journal.WriteMessagesAsync([new AtomicWrite(Event(seq, new SpecEvent($"{pid}-{seq}"), pid))], CancellationToken.None);
                Assert.Equal([null], results);
            }
        })));

        foreach (var pid in pids)
        {
            var replayed = await ReplayAsync(pid, 1, long.MaxValue, long.MaxValue);
            Assert.Equal(Enumerable.Range(1, eventsEach).Select(seq => $"{pid}-{seq}"), Values(replayed));
            Assert.Equal(eventsEach, await Journal.ReadHighestSequenceNrAsync(pid, 0, CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_second_writer_of_a_persistence_id_fails_loudly_and_overwrites_nothing()
    {
        var intruder = Guid.NewGuid().ToString();
        var collision = new AtomicWrite([
            new PersistentRepresentation(Pid, 5, new SpecEvent("x-5"), intruder),
            new PersistentRepresentation(Pid, 6, new SpecEvent("x-6"), intruder)]);

        var failure = await Assert.ThrowsAsync<PersistenceException>(() => Journal.WriteMessagesAsync([collision], CancellationToken.None));

        Assert.Contains($"'{Pid}' already has an event with sequence number 5", failure.Message, StringComparison.Ordinal);
        var replayed = await ReplayAsync(Pid, 1, long.MaxValue, long.MaxValue);
        Assert.Equal(["a-1", "a-2", "a-3", "a-4", "a-5"], Values(replayed));
        Assert.All(replayed, e => Assert.Equal(WriterGuid, e.WriterGuid));
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync(Pid, 0, CancellationToken.None));
    }

    [Fact]
    public async Task Orderings_increase_in_the_order_writes_commit()
    {
        await Journal.WriteMessagesAsync([Write(6)], CancellationToken.None);
        await Journal.WriteMessagesAsync([Write(7)], CancellationToken.None);
        await Journal.WriteMessagesAsync([new AtomicWrite([Event(8), Event(9)])], CancellationToken.None);

        var mine = (await ReplayAllAsync(0)).Where(e => e.Event.PersistenceId == Pid).ToList();
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8, 9], mine.Select(e => e.Event.SequenceNr));
        Assert.True(IsStrictlyIncreasing(mine.Select(e => e.Ordering)), string.Join(",", mine.Select(e => e.Ordering)));
    }

    [Fact]
    public async Task A_reader_resuming_after_the_last_ordering_misses_no_event_written_concurrently()
    {
        const int writers = 4;
        const int eventsEach = 30;
        var pids = Enumerable.Range(0, writers).Select(_ => NewPid()).ToHashSet();
        var writing = Task.WhenAll(pids.Select(pid => Task.Run(async () =>
        {
            for (var seq = 1; seq <= eventsEach; seq += 2)
            {
                await Journal.WriteMessagesAsync(
                    [new AtomicWrite([Event(seq, new SpecEvent($"{pid}-{seq}"), pid), Event(seq + 1, new SpecEvent($"{pid}-{seq + 1}"), pid)])],
                    CancellationToken.None);
            }
        })));

        var seen = new List<OrderedEvent>();
        var next = 0L;
        bool done;
        do
        {
            done = writing.IsCompleted;
            await Journal.ReplayAllAsync(next, 50, e =>
            {
                next = e.Ordering + 1;
                if (pids.Contains(e.Event.PersistenceId))
                {
                    seen.Add(e);
                }
            }, CancellationToken.None);
        }
        while (!done || await HasMoreAsync(next));
        await writing;

        Assert.Equal(writers * eventsEach, seen.Count);
        Assert.True(IsStrictlyIncreasing(seen.Select(e => e.Ordering)));
        foreach (var pid in pids)
        {
            Assert.Equal(Enumerable.Range(1, eventsEach).Select(i => (long)i), seen.Where(e => e.Event.PersistenceId == pid).Select(e => e.Event.SequenceNr));
        }
    }

    [Fact]
    public async Task Replays_the_whole_journal_from_an_ordering_with_a_limit()
    {
        var mine = (await ReplayAllAsync(0)).Where(e => e.Event.PersistenceId == Pid).ToList();
        var fromThird = new List<OrderedEvent>();
        await Journal.ReplayAllAsync(mine[2].Ordering, 2, fromThird.Add, CancellationToken.None);
        Assert.Equal(["a-3", "a-4"], fromThird.Select(e => ((SpecEvent)e.Event.Payload).Value));
        Assert.Equal([mine[2].Ordering, mine[3].Ordering], fromThird.Select(e => e.Ordering));
    }

    [Fact]
    public async Task Replays_tagged_events_by_ordering_and_forgets_deleted_ones()
    {
        var green = "green-" + Guid.NewGuid().ToString("N");
        var blue = "blue-" + Guid.NewGuid().ToString("N");
        await Journal.WriteMessagesAsync(
            [
                new AtomicWrite(Event(6, new SpecEvent("a-6"), tags: [green])),
                new AtomicWrite([Event(7, new SpecEvent("a-7"), tags: [green, blue, green]), Event(8)]),
            ],
            CancellationToken.None);

        var greens = await ReplayTaggedAsync(green, 0, long.MaxValue);
        Assert.Equal(["a-6", "a-7"], greens.Select(e => ((SpecEvent)e.Event.Payload).Value));
        Assert.True(IsStrictlyIncreasing(greens.Select(e => e.Ordering)));
        Assert.Equal([green], greens[0].Event.Tags);
        Assert.Equal(new[] { green, blue }.Order(StringComparer.Ordinal), greens[1].Event.Tags);
        Assert.Equal(["a-7"], (await ReplayTaggedAsync(blue, 0, long.MaxValue)).Select(e => ((SpecEvent)e.Event.Payload).Value));
        Assert.Equal(["a-7"], (await ReplayTaggedAsync(green, greens[1].Ordering, long.MaxValue)).Select(e => ((SpecEvent)e.Event.Payload).Value));
        Assert.Equal(["a-6"], (await ReplayTaggedAsync(green, 0, 1)).Select(e => ((SpecEvent)e.Event.Payload).Value));
        Assert.Empty(await ReplayTaggedAsync(green, 0, 0));

        await Journal.DeleteMessagesToAsync(Pid, 6, CancellationToken.None);
        Assert.Equal(["a-7"], (await ReplayTaggedAsync(green, 0, long.MaxValue)).Select(e => ((SpecEvent)e.Event.Payload).Value));
    }

    [Fact]
    public async Task Scans_orderings_for_the_highest_and_the_first_hole_that_deleted_events_leave()
    {
        string[] pids = [NewPid(), NewPid(), NewPid()];
        foreach (var pid in pids)
        {
            await Journal.WriteMessagesAsync([new AtomicWrite(Event(1, persistenceId: pid))], CancellationToken.None);
        }

        var orderings = (await ReplayAllAsync(0)).Where(e => pids.Contains(e.Event.PersistenceId)).Select(e => e.Ordering).ToList();
        Assert.Equal(3, orderings.Count);
        await Journal.DeleteMessagesToAsync(pids[1], 1, CancellationToken.None);

        var highest = orderings[2];
        Assert.Equal(new OrderingScan(highest, orderings[1]), await Journal.ScanOrderingsAsync(orderings[0], CancellationToken.None));
        Assert.True((await Journal.ScanOrderingsAsync(orderings[0], CancellationToken.None)).HasGap);
        Assert.Equal(new OrderingScan(highest, highest + 1), await Journal.ScanOrderingsAsync(highest, CancellationToken.None));
        Assert.False((await Journal.ScanOrderingsAsync(highest, CancellationToken.None)).HasGap);
        Assert.Equal(new OrderingScan(highest, highest + 5), await Journal.ScanOrderingsAsync(highest + 5, CancellationToken.None));
    }

#pragma warning restore CS1591

    /// <summary>A new persistence id, unique within the journal.</summary>
    /// <returns>For example <c>p-3-1a2b3c4d</c>.</returns>
    protected static string NewPid() => $"p-{Interlocked.Increment(ref s_counter)}-{Guid.NewGuid():N}";

    /// <summary>Event <paramref name="sequenceNr"/> of <see cref="Pid"/> (or <paramref name="persistenceId"/>).</summary>
    /// <param name="sequenceNr">Its sequence number.</param>
    /// <param name="payload">Its payload; default <c>a-N</c>.</param>
    /// <param name="persistenceId">Its persistence id; default <see cref="Pid"/>.</param>
    /// <param name="tags">Its tags.</param>
    /// <returns>The event, written by <see cref="WriterGuid"/>, time-stamped <see cref="BaseTime"/> + N seconds.</returns>
    protected PersistentRepresentation Event(long sequenceNr, object? payload = null, string? persistenceId = null, string[]? tags = null) =>
        new(persistenceId ?? Pid, sequenceNr, payload ?? new SpecEvent($"a-{sequenceNr}"), WriterGuid, BaseTime.AddSeconds(sequenceNr), tags);

    /// <summary>An atomic write of the single event <see cref="Event"/>.</summary>
    /// <param name="sequenceNr">Its sequence number.</param>
    /// <returns>The write.</returns>
    protected AtomicWrite Write(long sequenceNr) => new(Event(sequenceNr));

    /// <summary>Replays into a list.</summary>
    /// <param name="persistenceId">The actor.</param>
    /// <param name="from">First sequence number.</param>
    /// <param name="to">Last sequence number.</param>
    /// <param name="max">Most events.</param>
    /// <returns>The events.</returns>
    protected async Task<List<PersistentRepresentation>> ReplayAsync(string persistenceId, long from, long to, long max)
    {
        var replayed = new List<PersistentRepresentation>();
        await Journal.ReplayMessagesAsync(persistenceId, from, to, max, replayed.Add, CancellationToken.None);
        return replayed;
    }

    private async Task<List<OrderedEvent>> ReplayAllAsync(long from)
    {
        var replayed = new List<OrderedEvent>();
        await Journal.ReplayAllAsync(from, long.MaxValue, replayed.Add, CancellationToken.None);
        return replayed;
    }

    private async Task<List<OrderedEvent>> ReplayTaggedAsync(string tag, long from, long max)
    {
        var replayed = new List<OrderedEvent>();
        await Journal.ReplayTaggedAsync(tag, from, max, replayed.Add, CancellationToken.None);
        return replayed;
    }

    private async Task<bool> HasMoreAsync(long from)
    {
        var any = false;
        await Journal.ReplayAllAsync(from, 1, _ => any = true, CancellationToken.None);
        return any;
    }

    private static IEnumerable<string> Values(IEnumerable<PersistentRepresentation> events) =>
        events.Select(e => ((SpecEvent)e.Payload).Value);

    private static bool IsStrictlyIncreasing(IEnumerable<long> values)
    {
        var previous = long.MinValue;
        foreach (var value in values)
        {
            if (value <= previous)
            {
                return false;
            }

            previous = value;
        }

        return true;
    }
}
