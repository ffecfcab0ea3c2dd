using Sluice.Persistence.Serialization;

namespace Sluice.Persistence.Journal;

/// <summary>One event as a store writes it: serialized, time-stamped, tags normalized.</summary>
internal sealed record JournalRow(
    string PersistenceId,
    long SequenceNr,
    long TimestampTicks,
    string WriterGuid,
    SerializedPayload Payload,
    string[] Tags);
