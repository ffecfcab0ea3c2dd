using Sluice.Persistence.Journal;

namespace Sluice.Persistence.Tests;

/// <summary>Wraps a journal store: counts write calls, can hold writes at a gate and can fail them; records calls in
/// flight at once and whether two of them ever carried the same persistence id.</summary>
public sealed class TestJournal(IJournalStore inner) : IJournalStore
{
    private readonly Dictionary<string, int> _inFlightPids = new(StringComparer.Ordinal);
    private int _inFlight;
    private int _maxInFlight;
    private bool _sharedPid;
    private int _calls;
    private int _maxEvents;
    private volatile bool _failWrites;
    private volatile TaskCompletionSource? _gate;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _callLog = new();

    public int WriteCalls => Volatile.Read(ref _calls);

    public int MaxEventsPerCall => Volatile.Read(ref _maxEvents);

    /// <summary>Every write call so far, in call order, as "pid:seq" of its events joined by commas.</summary>
    public IReadOnlyList<string> Calls => [.. _callLog];

    public bool FailWrites { get => _failWrites; set => _failWrites = value; }

    public int InFlight { get { lock (_inFlightPids) return _inFlight; } }

    public int MaxInFlight { get { lock (_inFlightPids) return _maxInFlight; } }

    public bool SharedPidInFlight { get { lock (_inFlightPids) return _sharedPid; } }

    public TaskCompletionSource Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    public async Task<IReadOnlyList<Exception?>> WriteMessagesAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        _callLog.Enqueue(string.Join(",", writes.SelectMany(w => w.Events).Select(e => $"{e.PersistenceId}:{e.SequenceNr}")));
        var events = writes.Sum(w => w.Events.Count);
        int seen;
        while ((seen = Volatile.Read(ref _maxEvents)) < events && Interlocked.CompareExchange(ref _maxEvents, events, seen) != seen) { }
        var pids = writes.Select(w => w.PersistenceId).Distinct().ToArray();
        lock (_inFlightPids)
        {
            _maxInFlight = Math.Max(_maxInFlight, ++_inFlight);
            foreach (var pid in pids)
            {
                _sharedPid |= _inFlightPids.ContainsKey(pid);
                _inFlightPids[pid] = _inFlightPids.GetValueOrDefault(pid) + 1;
            }
        }

        try
        {
            if (_gate is { } gate) await gate.Task;
            if (_failWrites) throw new PersistenceException("The test journal is down.");
            return await inner.WriteMessagesAsync(writes, cancellationToken);
        }
        finally
        {
            lock (_inFlightPids)
            {
                _inFlight--;
                foreach (var pid in pids)
                {
                    if (--_inFlightPids[pid] == 0) _inFlightPids.Remove(pid);
                }
            }
        }
    }

    public Task ReplayMessagesAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<PersistentRepresentation> onReplayed, CancellationToken cancellationToken) =>
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

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
