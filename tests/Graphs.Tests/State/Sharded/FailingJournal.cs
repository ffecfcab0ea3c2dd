using Sluice.Persistence;
using Sluice.Persistence.Journal;

namespace Sluice.Graphs.Tests.State.Sharded;

/// <summary>A memory journal whose writes fail while <see cref="FailWrites"/> is set (the database went away).</summary>
internal sealed class FailingJournal : IJournalStore
{
    private readonly MemoryJournal _inner = new();

    public volatile bool FailWrites;

    public Task<IReadOnlyList<Exception?>> WriteMessagesAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken) =>
        FailWrites ? throw new IOException("the journal is down") : _inner.WriteMessagesAsync(writes, cancellationToken);

    public Task ReplayMessagesAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<PersistentRepresentation> onReplayed, CancellationToken cancellationToken) =>
        _inner.ReplayMessagesAsync(persistenceId, fromSequenceNr, toSequenceNr, max, onReplayed, cancellationToken);

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        _inner.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        _inner.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);

    public Task ReplayAllAsync(long fromOrdering, long max, Action<OrderedEvent> onReplayed, CancellationToken cancellationToken) =>
        _inner.ReplayAllAsync(fromOrdering, max, onReplayed, cancellationToken);

    public Task ReplayTaggedAsync(string tag, long fromOrdering, long max, Action<OrderedEvent> onReplayed, CancellationToken cancellationToken) =>
        _inner.ReplayTaggedAsync(tag, fromOrdering, max, onReplayed, cancellationToken);

    public bool OrderingGapsMayFill => _inner.OrderingGapsMayFill;

    public Task<OrderingScan> ScanOrderingsAsync(long fromOrdering, CancellationToken cancellationToken) =>
        _inner.ScanOrderingsAsync(fromOrdering, cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
