namespace Sluice.Persistence;

/// <summary>An event replayed by its position in the whole journal, for readers that resume from an offset.</summary>
/// <param name="Ordering">The journal-wide position. It may have gaps (rolled-back writes, deleted events). Where
/// <see cref="Journal.IJournalStore.OrderingGapsMayFill"/> is false it increases in commit order, so a reader that
/// resumes after the last ordering it saw never misses an event committed later; where it is true a reader must not
/// pass a gap below the highest ordering until the gap is filled or known to be permanent.</param>
/// <param name="Event">The event.</param>
public readonly record struct OrderedEvent(long Ordering, PersistentRepresentation Event);
