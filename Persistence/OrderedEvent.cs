namespace Sluice.Persistence;

/// <summary>An event replayed by its position in the whole journal, for readers that resume from an offset.</summary>
/// <param name="Ordering">The journal-wide position: increases in commit order, so a reader that resumes after the last
/// ordering it saw never misses an event committed later. It may have gaps.</param>
/// <param name="Event">The event.</param>
public readonly record struct OrderedEvent(long Ordering, PersistentRepresentation Event);
