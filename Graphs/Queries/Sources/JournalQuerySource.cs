using Sluice.Persistence;
using Sluice.Persistence.Journal;

namespace Sluice.Graphs.Queries.Sources;

/*
 * The persistence journal as a query source (Akka's allEvents / eventsByTag read journal, as micro-batches): the
 * query's long offsets are the journal's ordering column, which grows in commit order, so [start, end) is every event
 * with start <= ordering < end and reads the same rows after a restart: a restarted query seeks to its committed
 * offset. Events read to find the latest offset are kept for the read that follows, so each event is read once.
 * Deleted events (DeleteMessagesTo) are skipped; their positions still count.
 */

/// <summary>Events of the persistence journal (all of them, or those with a tag) in the journal's global order.</summary>
public sealed class JournalQuerySource : QuerySource<EventEnvelope>
{
    private readonly IJournalStore _journal;
    private readonly string? _tag;
    private readonly long _maxEventsPerTrigger;
    private readonly Lock _gate = new();
    private List<EventEnvelope> _cache = [];
    private long _cacheStart;
    private long _cacheEnd;

    /// <summary>Creates the source.</summary>
    /// <param name="journal">The journal store (e.g. <c>SluicePersistence.Get(system).JournalStore</c>).</param>
    /// <param name="tag">Only events with this tag; null for all events.</param>
    /// <param name="maxEventsPerTrigger">Most events per micro-batch.</param>
    public JournalQuerySource(IJournalStore journal, string? tag = null, long maxEventsPerTrigger = 100_000)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEventsPerTrigger, 1);
        if (tag is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(tag);
        }

        _journal = journal;
        _tag = tag;
        _maxEventsPerTrigger = maxEventsPerTrigger;
    }

    /// <inheritdoc />
    public override string Description => _tag is null ? "JournalSource[all events]" : $"JournalSource[tag {_tag}]";

    /// <inheritdoc />
    public override async ValueTask<long> LatestOffsetAsync(long start, bool applyLimits, CancellationToken cancellationToken)
    {
        var events = await ReplayAsync(start, applyLimits ? _maxEventsPerTrigger : int.MaxValue, long.MaxValue, cancellationToken).ConfigureAwait(false);
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
