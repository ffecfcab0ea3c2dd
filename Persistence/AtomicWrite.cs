namespace Sluice.Persistence;

/// <summary>
/// Events of ONE persistent actor with contiguous sequence numbers that the journal stores all or nothing.
/// </summary>
/// <example><code>
/// var write = new AtomicWrite([
///     new PersistentRepresentation("order-7", 4, new ItemAdded("book")),
///     new PersistentRepresentation("order-7", 5, new ItemAdded("pen"))]);
/// </code></example>
public sealed class AtomicWrite
{
    /// <summary>Creates an atomic write of one event.</summary>
    /// <param name="persistent">The event.</param>
    public AtomicWrite(PersistentRepresentation persistent)
        : this([persistent ?? throw new ArgumentNullException(nameof(persistent))])
    {
    }

    /// <summary>Creates an atomic write; the events must share one persistence id and have consecutive sequence numbers.</summary>
    /// <param name="events">The events in sequence-number order (at least one).</param>
    /// <exception cref="ArgumentException">The list is empty, mixes persistence ids or has a gap in its sequence numbers.</exception>
    public AtomicWrite(IReadOnlyList<PersistentRepresentation> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("An atomic write needs at least one event.", nameof(events));
        }

        var first = events[0];
        for (var i = 1; i < events.Count; i++)
        {
            var e = events[i];
            if (!string.Equals(e.PersistenceId, first.PersistenceId, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"An atomic write holds the events of one persistence id, but it mixes '{first.PersistenceId}' and '{e.PersistenceId}'.",
                    nameof(events));
            }

            if (e.SequenceNr != first.SequenceNr + i)
            {
                throw new ArgumentException(
                    $"The sequence numbers of an atomic write of '{first.PersistenceId}' must be consecutive, but {e.SequenceNr} follows {events[i - 1].SequenceNr}.",
                    nameof(events));
            }
        }

        Events = events;
    }

    /// <summary>The persistence id all events share.</summary>
    public string PersistenceId => Events[0].PersistenceId;

    /// <summary>The events, in sequence-number order.</summary>
    public IReadOnlyList<PersistentRepresentation> Events { get; }

    /// <summary>Sequence number of the first event.</summary>
    public long LowestSequenceNr => Events[0].SequenceNr;

    /// <summary>Sequence number of the last event.</summary>
    public long HighestSequenceNr => Events[^1].SequenceNr;
}
