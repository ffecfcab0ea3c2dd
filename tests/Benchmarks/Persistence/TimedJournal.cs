using System.Diagnostics;
using Sluice.Persistence;
using Sluice.Persistence.Journal;

namespace Sluice.Benchmarks.Persistence;

/// <summary>Passes every call to a journal store and measures the writes: calls, events, and the time the store was
/// busy writing, so the table tells whether the database or the path around it limits the rate.</summary>
public sealed class TimedJournal(IJournalStore inner) : IJournalStore
{
    private long _calls;
    private long _events;
    private long _busyTicks;

    /// <summary>Calls, events and busy time since the last reset.</summary>
    public (long Calls, long Events, TimeSpan Busy) Snapshot() =>
        (Interlocked.Read(ref _calls), Interlocked.Read(ref _events), Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _busyTicks)));

    public async Task<IReadOnlyList<Exception?>> WriteMessagesAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await inner.WriteMessagesAsync(writes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Add(ref _busyTicks, Stopwatch.GetTimestamp() - start);
            Interlocked.Increment(ref _calls);
            var events = 0;
            foreach (var w in writes) events += w.Events.Count;
            Interlocked.Add(ref _events, events);
        }
    }

    public Task ReplayMessagesAsync(
        string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<PersistentRepresentation> onReplayed, CancellationToken cancellationToken) =>
        inner.ReplayMessagesAsync(persistenceId, fromSequenceNr, toSequenceNr, max, onReplayed, cancellationToken);

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        inner.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        inner.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);

    public Task ReplayAllAsync(long fromOrdering, long max, Action<OrderedEvent> onReplayed, CancellationToken cancellationToken) =>
        inner.ReplayAllAsync(fromOrdering, max, onReplayed, cancellationToken);

    public Task ReplayTaggedAsync(string tag, long fromOrdering, long max, Action<OrderedEvent> onReplayed, CancellationToken cancellationToken) =>
        inner.ReplayTaggedAsync(tag, fromOrdering, max, onReplayed, cancellationToken);

    public bool OrderingGapsMayFill => inner.OrderingGapsMayFill;

    public Task<OrderingScan> ScanOrderingsAsync(long fromOrdering, CancellationToken cancellationToken) =>
        inner.ScanOrderingsAsync(fromOrdering, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
