namespace Sluice.Graphs.Queries.Sources;

/// <summary>An event read from the persistence journal by <see cref="JournalQuerySource"/> (Akka's EventEnvelope).</summary>
/// <param name="Offset">The event's position in the journal's global order (its ordering); the query source's offset is the next one.</param>
/// <param name="PersistenceId">The persistent actor that wrote it.</param>
/// <param name="SequenceNr">Its sequence number within that actor's events.</param>
/// <param name="Event">The event, deserialized as the actor's recovery would see it.</param>
/// <param name="Timestamp">When it was written.</param>
/// <param name="Tags">Its tags.</param>
public sealed record EventEnvelope(long Offset, string PersistenceId, long SequenceNr, object Event, DateTimeOffset Timestamp, IReadOnlyList<string> Tags);
