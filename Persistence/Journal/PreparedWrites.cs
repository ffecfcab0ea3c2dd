using Sluice.Persistence.Serialization;

namespace Sluice.Persistence.Journal;

/// <summary>
/// The atomic writes of one <see cref="IJournalStore.WriteMessagesAsync"/> call, serialized before any store is
/// touched: a write whose payload cannot be serialized is rejected here, and only the others reach the database.
/// </summary>
internal sealed class PreparedWrites
{
    private PreparedWrites(JournalRow[]?[] rows, Exception?[] results, int rowCount)
    {
        Rows = rows;
        Results = results;
        RowCount = rowCount;
    }

    /// <summary>Rows per atomic write; null for a rejected write.</summary>
    public JournalRow[]?[] Rows { get; }

    /// <summary>One entry per atomic write: null, or the rejection. Stores may add rejections of their own.</summary>
    public Exception?[] Results { get; }

    /// <summary>Rows of all accepted writes.</summary>
    public int RowCount { get; }

    public static PreparedWrites Prepare(SerializerRegistry registry, IReadOnlyList<AtomicWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var rows = new JournalRow[]?[writes.Count];
        var results = new Exception?[writes.Count];
        var count = 0;
        for (var w = 0; w < writes.Count; w++)
        {
            var events = writes[w].Events;
            var written = new JournalRow[events.Count];
            try
            {
                for (var i = 0; i < events.Count; i++)
                {
                    var e = events[i];
                    var payload = PayloadCodec.Serialize(registry, e.Payload, "event", e.PersistenceId, e.SequenceNr);
                    written[i] = new JournalRow(
                        e.PersistenceId, e.SequenceNr, PayloadCodec.TimestampTicks(e.Timestamp), e.WriterGuid,
                        payload, PayloadCodec.NormalizeTags(e.Tags));
                }

                rows[w] = written;
                count += written.Length;
            }
            catch (PersistenceException rejected)
            {
                results[w] = rejected;
            }
        }

        return new PreparedWrites(rows, results, count);
    }

    /// <summary>The failure of a write that collided with an event another writer stored first.</summary>
    public static PersistenceException Conflict(string persistenceId, long sequenceNr, Exception? cause) => new(
        $"Persistence id '{persistenceId}' already has an event with sequence number {sequenceNr}: another writer " +
        "(a second instance of the same persistent actor) stored it first. Nothing of this write was stored and no " +
        $"event was overwritten. Make sure only one instance of '{persistenceId}' runs, then restart it to recover.",
        cause);
}
