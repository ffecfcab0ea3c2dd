using Sluice.Persistence;
using Sluice.Persistence.Journal;

namespace Sluice.Graphs.Queries.Sources;

/*
 * The persistence journal as a query source (Akka's allEvents / eventsByTag read journal, as micro-batches): the
 * query's long offsets are the journal's ordering column, so [start, end) is every event with start <= ordering < end
 * and reads the same rows after a restart: a restarted query seeks to its committed offset. Events read to find the
 * latest offset are kept for the read that follows, so each event is read once. Deleted events (DeleteMessagesTo) are
 * skipped; their positions still count.
 *
 * Gaps (IJournalStore.OrderingGapsMayFill, PostgreSQL): a transaction takes its ordering when it inserts and shows it
 * when it commits, so 12 can be visible while 11 is still in flight. An end offset past 11 would skip 11 forever. So
 * the latest offset never passes the first missing ordering below the highest one (ScanOrderingsAsync) until it
 * appears or the hole is final: a hole is final once a higher ordering was seen at least gap-timeout ago on the
 * query's clock (the hole's transaction had taken its number before that ordering was taken, so it has been open for
 * longer than any write may take: it rolled back, or its events were deleted). One sighting of the journal's highest
 * ordering settles every hole below it, so a query catching up on a journal with many old holes waits at most one
 * gap-timeout after it starts, and a live one only when a hole appears. Orderings found stored are not scanned again.
 * SQLite (one writer at a time, orderings taken inside it) and the memory journal (one lock) make orderings visible in
 * order: no gap ever fills, the source reads to the last event without scanning.
 */

/// <summary>Events of the persistence journal (all of them, or those with a tag) in the journal's global order.</summary>
public sealed class JournalQuerySource : QuerySource<EventEnvelope>
{
    private readonly IJournalStore _journal;
    private readonly string? _tag;
    private readonly long _maxEventsPerTrigger;
    private readonly TimeSpan _gapTimeout;
    private readonly Lock _gate = new();
    private readonly Queue<(DateTimeOffset At, long Highest)> _sightings = new();
    private TimeProvider _clock = TimeProvider.System;
    private long _checkedTo;
    private long _finalBelow;
    private long _lastSighted;
    private List<EventEnvelope> _cache = [];
    private long _cacheStart;
    private long _cacheEnd;

    /// <summary>Creates the source.</summary>
    /// <param name="journal">The journal store (e.g. <c>SluicePersistence.Get(system).JournalStore</c>).</param>
    /// <param name="tag">Only events with this tag; null for all events.</param>
    /// <param name="maxEventsPerTrigger">Most events per micro-batch.</param>
    /// <param name="gapTimeout">On a journal whose orderings may commit out of order (PostgreSQL), how long the query
    /// waits at a missing ordering below the highest one, measured on the query's clock, before it takes the hole as
    /// permanent (a rolled-back transaction); null for <see cref="DefaultGapTimeout"/>; zero never waits.</param>
    public JournalQuerySource(IJournalStore journal, string? tag = null, long maxEventsPerTrigger = 100_000, TimeSpan? gapTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEventsPerTrigger, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gapTimeout ?? TimeSpan.Zero, TimeSpan.Zero, nameof(gapTimeout));
        if (tag is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(tag);
        }

        _journal = journal;
        _tag = tag;
        _maxEventsPerTrigger = maxEventsPerTrigger;
        _gapTimeout = gapTimeout ?? DefaultGapTimeout;
    }

    /// <summary>The gap timeout when none is given (<c>sluice.persistence.query.gap-timeout</c>'s default): 10 seconds.</summary>
    public static TimeSpan DefaultGapTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public override string Description => _tag is null ? "JournalSource[all events]" : $"JournalSource[tag {_tag}]";

    /// <inheritdoc />
    public override void Open(QuerySourceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        lock (_gate)
        {
            _clock = context.Clock;
        }
    }

    /// <inheritdoc />
    public override async ValueTask<long> LatestOffsetAsync(long start, bool applyLimits, CancellationToken cancellationToken)
    {
        var readable = _journal.OrderingGapsMayFill && _gapTimeout > TimeSpan.Zero
            ? await ReadableEndAsync(start, cancellationToken).ConfigureAwait(false)
            : long.MaxValue;
        // Orderings are at least one apart: no more than readable - start events lie below the readable end, so a
        // query held at a gap does not fetch (and drop) the events after it on every trigger.
        var max = Math.Min(applyLimits ? _maxEventsPerTrigger : int.MaxValue, readable - start);
        var events = await ReplayAsync(start, max, readable, cancellationToken).ConfigureAwait(false);
        var end = events.Count == 0 ? start : events[^1].Offset + 1;
        lock (_gate)
        {
            _cache = events;
            _cacheStart = start;
            _cacheEnd = end;
        }

        return end;
    }

    /// <inheritdoc />
    public override async ValueTask<IEnumerable<EventEnvelope>> ReadAsync(long start, long end, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (start >= _cacheStart && end <= _cacheEnd)
            {
                return _cache.Where(e => e.Offset >= start && e.Offset < end).ToList();
            }
        }

        // Orderings are at least one apart: end - start events at most.
        return await ReplayAsync(start, end - start, end, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override ValueTask CommitAsync(long end, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (end >= _cacheEnd)
            {
                _cache = [];
                _cacheStart = _cacheEnd = end;
            }
        }

        return ValueTask.CompletedTask;
    }

    // The first ordering at or after start that may still appear: events below it are all visible now or never will be.
    private async Task<long> ReadableEndAsync(long start, CancellationToken cancellationToken)
    {
        long from;
        DateTimeOffset now;
        lock (_gate)
        {
            now = _clock.GetUtcNow();
            while (_sightings.Count > 0 && now - _sightings.Peek().At >= _gapTimeout)
            {
                _finalBelow = Math.Max(_finalBelow, _sightings.Dequeue().Highest);
            }

            from = Math.Max(start, Math.Max(_checkedTo, _finalBelow));
        }

        var scan = await _journal.ScanOrderingsAsync(from, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _checkedTo = Math.Max(_checkedTo, scan.FirstMissing);
            if (scan.HasGap && scan.Highest > _lastSighted)
            {
                // Every hole below Highest is final once this sighting is gap-timeout old.
                _sightings.Enqueue((now, scan.Highest));
                _lastSighted = scan.Highest;
            }
        }

        return scan.FirstMissing;
    }

    private async Task<List<EventEnvelope>> ReplayAsync(long from, long max, long end, CancellationToken cancellationToken)
    {
        var events = new List<EventEnvelope>();
        void Collect(OrderedEvent ordered)
        {
            var e = ordered.Event;
            if (ordered.Ordering < end && !e.IsDeleted)
            {
                events.Add(new EventEnvelope(ordered.Ordering, e.PersistenceId, e.SequenceNr, e.Payload, new DateTimeOffset(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc)), e.Tags));
            }
        }

        if (max <= 0)
        {
            return events;
        }

        await (_tag is null
            ? _journal.ReplayAllAsync(from, max, Collect, cancellationToken)
            : _journal.ReplayTaggedAsync(_tag, from, max, Collect, cancellationToken)).ConfigureAwait(false);
        return events;
    }
}
