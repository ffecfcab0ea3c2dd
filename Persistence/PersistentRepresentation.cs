namespace Sluice.Persistence;

/// <summary>
/// One event of one persistent actor as the journal stores and replays it.
/// </summary>
/// <param name="PersistenceId">Stable id of the persistent actor that wrote the event.</param>
/// <param name="SequenceNr">Position of the event in that actor's history, starting at 1.</param>
/// <param name="Payload">The event itself; serialized by the journal's <see cref="Serialization.SerializerRegistry"/>.</param>
/// <param name="WriterGuid">Id of the actor incarnation that wrote the event; tells two writers of one id apart.</param>
/// <param name="Timestamp">When the event was persisted (UTC); <c>default</c> lets the journal stamp the write time.</param>
/// <param name="Tags">Tags the event can be replayed by (<see cref="Journal.IJournalStore.ReplayTaggedAsync"/>).</param>
/// <param name="Manifest">On replay, the manifest the payload was stored with; ignored on write.</param>
/// <param name="IsDeleted">True for an event replayed after a logical delete; stores here delete physically, so replay never sets it.</param>
public sealed record PersistentRepresentation(
    string PersistenceId,
    long SequenceNr,
    object Payload,
    string WriterGuid = "",
    DateTime Timestamp = default,
    IReadOnlyList<string>? Tags = null,
    string Manifest = "",
    bool IsDeleted = false)
{
    /// <summary>Tags of the event; never null (empty when the event has none).</summary>
    public IReadOnlyList<string> Tags { get; init; } = Tags ?? [];
}
