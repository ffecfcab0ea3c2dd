namespace Sluice.Persistence.Journal;

/// <summary>
/// Where persistent actors' events are stored. The journal actor calls <see cref="WriteMessagesAsync"/> with the
/// events of many actors at once (one transaction). Every member is thread-safe: writes, replays and reads may run
/// concurrently.
/// </summary>
/// <remarks>
/// Every implementation passes <c>Sluice.TestKit.Persistence.JournalSpec</c>. Outcomes of a write:
/// <list type="bullet">
/// <item>an entry of the returned list is null: that atomic write is stored;</item>
/// <item>an entry is an exception: that atomic write was REJECTED (not stored, e.g. its payload cannot be
/// serialized); the other writes of the call are unaffected and the writer may go on;</item>
/// <item>the call throws: it FAILED (database down, or a second writer already stored one of the sequence numbers);
/// nothing of the call is stored and the writers' state is unknown.</item>
/// </list>
/// </remarks>
public interface IJournalStore : IAsyncDisposable
{
    /// <summary>Stores atomic writes in one transaction; each is stored all or nothing.</summary>
    /// <param name="writes">The writes; the writes of one persistence id come in sequence-number order.</param>
    /// <param name="cancellationToken">Cancels the call (then nothing is stored).</param>
    /// <returns>One entry per write, in order: null when stored, the rejection otherwise.</returns>
    /// <exception cref="PersistenceException">The call failed; the message names the persistence id and sequence
    /// number when a second writer collided.</exception>
    Task<IReadOnlyList<Exception?>> WriteMessagesAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken);

    /// <summary>Replays one actor's events with sequence numbers in [<paramref name="fromSequenceNr"/>,
    /// <paramref name="toSequenceNr"/>], in order, at most <paramref name="max"/> of them.</summary>
    /// <param name="persistenceId">The actor.</param>
    /// <param name="fromSequenceNr">First sequence number (inclusive).</param>
    /// <param name="toSequenceNr">Last sequence number (inclusive).</param>
    /// <param name="max">Most events to replay; 0 replays none.</param>
    /// <param name="onReplayed">Called with each event, in order, before the next is read.</param>
    /// <param name="cancellationToken">Cancels the replay.</param>
    /// <returns>Completes after the last event was handed over.</returns>
    /// <exception cref="PersistenceException">A row cannot be read back (message: <c>Recovery of 'pid' failed at
    /// sequence number N: cause</c>) or the store failed.</exception>
    Task ReplayMessagesAsync(
        string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<PersistentRepresentation> onReplayed, CancellationToken cancellationToken);

    /// <summary>The highest sequence number ever stored for an actor, even if its events were deleted since; 0 if none.</summary>
    /// <param name="persistenceId">The actor.</param>
    /// <param name="fromSequenceNr">A hint: the caller knows events below it exist (e.g. from a snapshot).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The highest sequence number.</returns>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken);

    /// <summary>Deletes an actor's events up to and including a sequence number (the highest sequence number is kept).</summary>
    /// <param name="persistenceId">The actor.</param>
    /// <param name="toSequenceNr">Last sequence number deleted; <see cref="long.MaxValue"/> deletes all.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>Completes when the delete is durable.</returns>
    Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken);

    /// <summary>Replays the events of all actors from a journal position, in commit order, for readers that resume
    /// (a stream source over the journal stores the last <see cref="OrderedEvent.Ordering"/> it processed).</summary>
    /// <param name="fromOrdering">First position (inclusive); resume with the last seen ordering + 1.</param>
    /// <param name="max">Most events to replay.</param>
    /// <param name="onReplayed">Called with each event, in ordering order.</param>
    /// <param name="cancellationToken">Cancels the replay.</param>
    /// <returns>Completes after the last event was handed over.</returns>
    Task ReplayAllAsync(long fromOrdering, long max, Action<OrderedEvent> onReplayed, CancellationToken cancellationToken);

    /// <summary>Like <see cref="ReplayAllAsync"/>, for the events carrying a tag.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="fromOrdering">First position (inclusive).</param>
    /// <param name="max">Most events to replay.</param>
    /// <param name="onReplayed">Called with each event, in ordering order.</param>
    /// <param name="cancellationToken">Cancels the replay.</param>
    /// <returns>Completes after the last event was handed over.</returns>
    Task ReplayTaggedAsync(string tag, long fromOrdering, long max, Action<OrderedEvent> onReplayed, CancellationToken cancellationToken);

    /// <summary>
    /// True when an ordering below the highest visible one can still appear later: concurrent write transactions take
    /// ordering numbers when they insert but become visible when they commit, possibly out of that order. A reader of
    /// the global order (<see cref="ReplayAllAsync"/>) must then not move past a missing ordering until it appears or
    /// is known to be permanent. False when writes are serialized so orderings become visible in order.
    /// </summary>
    bool OrderingGapsMayFill { get; }

    /// <summary>The highest ordering stored and the first ordering at or after <paramref name="fromOrdering"/> that no
    /// stored event has, read in one consistent snapshot (a reader's gap detection; see <see cref="OrderingGapsMayFill"/>).</summary>
    /// <param name="fromOrdering">First position to look at; values below 1 (the first ordering) are read as 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The scan.</returns>
    /// <exception cref="PersistenceException">The store failed.</exception>
    Task<OrderingScan> ScanOrderingsAsync(long fromOrdering, CancellationToken cancellationToken);
}
