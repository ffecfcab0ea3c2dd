using System.Diagnostics;
using Sluice.Actors;

namespace Sluice.Persistence.Journal;

/// <summary>
/// Groups the write requests of many persistent actors into write transactions of at most <c>batch-size</c> events,
/// runs at most <c>max-in-flight-batches</c> at once off the actor thread, and answers each atomic write to its writer
/// in request order. When a batch of several requests fails, each request is retried alone so that only the culprit
/// (e.g. a second writer of a persistence id) fails.
/// </summary>
/// <remarks>
/// Batches in flight at once never share a persistence id: a request waits (without holding up the requests of other
/// ids behind it) while an earlier write of its id is in flight, so each id's writes commit one transaction after the
/// other in sequence-number order, whatever order concurrent transactions commit in.
/// A recovery of a persistence id starts only after the writes of that id queued before it are answered, so that
/// an incarnation restarted while its predecessor's write is in flight replays that write.
/// <para>Linger: the writers just answered usually persist again at once (a handler persisting the next event, a
/// stashed command). Starting the next batch with the first of them to come back split a steady group of writers into
/// two half-full transactions that took turns (100 writers: 50 events per commit where one commit of 100 would do).
/// So when a batch smaller than <c>batch-size</c> could start while answered writers have not yet written again, the
/// journal waits for them, at most <c>batch-linger</c> and never longer than the last transaction took (the wait pays
/// only while it is short next to a commit). A writer whose next request is already queued is not waited for. The
/// wait is on the wall clock (<paramref name="lingerClock"/>, the system clock but in tests), never the actor system's
/// virtual time: a test that holds virtual time still must not hold the journal.</para>
/// </remarks>
internal sealed class JournalActor(
    IJournalStore store, int batchSize, int maxInFlight, TimeSpan linger, TimeSpan callTimeout, Action<RecoverRequest> startRecovery,
    TimeProvider lingerClock) : ActorBase
{
    private readonly Dictionary<string, int> _outstanding = new(StringComparer.Ordinal);
    private readonly List<RecoverRequest> _parkedRecoveries = [];
    private readonly Dictionary<string, int> _inFlightWrites = new(StringComparer.Ordinal);
    private readonly LinkedList<WriteRequest> _queued = new();
    private readonly SortedDictionary<long, BatchCompleted> _completed = [];
    private readonly HashSet<string> _waiting = new(StringComparer.Ordinal);
    private long _nextBatchNr;
    private long _nextToAnswer;
    private int _inFlight;

    // Linger: answered writers with nothing queued that have not written since, queued events, the last write's time.
    private int _returning;
    private int _queuedEvents;
    private TimeSpan _lastWriteTook;
    private long _holdNr;
    private ITimer? _holdTimer;

    // Every queued request waits for a batch in flight (nothing finished since): a new request of an id with an
    // outstanding write waits too, and the queue need not be scanned again.
    private bool _stalled;

    protected override void Receive(object message)
    {
        switch (message)
        {
            case WriteRequest request:
                var waits = false;
                foreach (var w in request.Writes)
                {
                    var outstanding = _outstanding.GetValueOrDefault(w.PersistenceId);
                    waits |= outstanding > 0;
                    _outstanding[w.PersistenceId] = outstanding + 1;
                    _queuedEvents += w.Events.Count;
                }

                if (_returning > 0) _returning--;
                _queued.AddLast(request);
                if (!(_stalled && waits)) StartBatches();
                break;
            case BatchCompleted done:
                _inFlight--;
                _lastWriteTook = done.Took;
                foreach (var request in done.Requests)
                {
                    foreach (var w in request.Writes)
                    {
                        if (--_inFlightWrites[w.PersistenceId] == 0) _inFlightWrites.Remove(w.PersistenceId);
                    }
                }

                _completed.Add(done.BatchNr, done);
                AnswerInOrder();
                StartBatches();
                StartParkedRecoveries();
                break;
            case RecoverRequest recover:
                if (_outstanding.ContainsKey(recover.PersistenceId)) _parkedRecoveries.Add(recover);
                else startRecovery(recover);
                break;
            case LingerElapsed elapsed:
                if (elapsed.HoldNr != _holdNr || _holdTimer is null) break;
                _returning = 0; // the writers that did not come back in time are not waited for
                StartBatches();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _holdTimer?.Dispose();
        base.PostStop();
    }

    private void StartBatches()
    {
        _stalled = false;
        while (_inFlight < maxInFlight && _queued.Count > 0 && !Lingers())
        {
            var requests = new List<WriteRequest>();
            var writes = new List<AtomicWrite>();
            var events = 0;
            _waiting.Clear();
            for (var node = _queued.First; node is not null;)
            {
                var next = node.Next;
                var request = node.Value;
                var count = 0;
                foreach (var w in request.Writes) count += w.Events.Count;
                if (requests.Count > 0 && events + count > batchSize) break;
                if (Waits(request))
                {
                    node = next;
                    continue;
                }

                _queued.Remove(node);
                requests.Add(request);
                writes.AddRange(request.Writes);
                events += count;
                _queuedEvents -= count;
                node = next;
            }

            if (requests.Count == 0)
            {
                _stalled = true;
                return;
            }

            foreach (var w in writes) _inFlightWrites[w.PersistenceId] = _inFlightWrites.GetValueOrDefault(w.PersistenceId) + 1;
            _inFlight++;
            var batchNr = _nextBatchNr++;
            var self = Self;
            _ = RunAsync(batchNr, requests, writes, self);
        }
    }

    // True while the next batch waits for answered writers to write again (see the class remarks); arms the timer
    // that ends the wait. A full batch, or every awaited writer back, ends it at once.
    private bool Lingers()
    {
        if (_returning > 0 && _queuedEvents < batchSize && linger > TimeSpan.Zero && _lastWriteTook > TimeSpan.Zero)
        {
            if (_holdTimer is null)
            {
                var wait = _lastWriteTook < linger ? _lastWriteTook : linger;
                var hold = ++_holdNr;
                _holdTimer = lingerClock.CreateTimer(
                    static state => ((LingerTimer)state!).Elapsed(), new LingerTimer(Self, hold), wait, Timeout.InfiniteTimeSpan);
            }

            return true;
        }

        if (_holdTimer is not null)
        {
            _holdTimer.Dispose();
            _holdTimer = null;
        }

        return false;
    }

    // A request waits while a write of one of its ids is in flight, or an earlier request of one of them waits.
    private bool Waits(WriteRequest request)
    {
        var waits = false;
        foreach (var w in request.Writes) waits |= _inFlightWrites.ContainsKey(w.PersistenceId) || _waiting.Contains(w.PersistenceId);
        if (waits)
        {
            foreach (var w in request.Writes) _waiting.Add(w.PersistenceId);
        }

        return waits;
    }

    private async Task RunAsync(long batchNr, List<WriteRequest> requests, List<AtomicWrite> writes, IActorRef self)
    {
        // Off the actor thread before the store serializes the events (and, for a store whose async methods block,
        // before it writes): the journal actor goes on taking requests and answering the other batch meanwhile.
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        StoreThread.MarkBatch();
        var outcomes = new RequestOutcome[requests.Count];
        var started = Stopwatch.GetTimestamp();
        try
        {
            var results = await WriteAsync(writes).ConfigureAwait(false);
            var at = 0;
            for (var i = 0; i < requests.Count; i++)
            {
                var n = requests[i].Writes.Count;
                var slice = new Exception?[n];
                for (var j = 0; j < n; j++) slice[j] = results[at + j];
                outcomes[i] = new RequestOutcome(slice, null);
                at += n;
            }
        }
        catch (Exception) when (requests.Count > 1)
        {
            // Nothing of the failed call is stored: retry each writer alone so only the culprit fails.
            for (var i = 0; i < requests.Count; i++)
            {
                try
                {
                    outcomes[i] = new RequestOutcome(await WriteAsync(requests[i].Writes).ConfigureAwait(false), null);
                }
                catch (Exception alone)
                {
                    outcomes[i] = new RequestOutcome(null, alone);
                }
            }
        }
        catch (Exception failure)
        {
            outcomes[0] = new RequestOutcome(null, failure);
        }

        self.Tell(new BatchCompleted(batchNr, requests, outcomes, Stopwatch.GetElapsedTime(started)), self);
    }

    private async Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<AtomicWrite> writes)
    {
        using var timeout = new CancellationTokenSource(callTimeout);
        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var results = await store.WriteMessagesAsync(writes, timeout.Token).ConfigureAwait(false);
            JournalMetrics.RecordWrite(store, startedAt);
            if (results.Count != writes.Count)
            {
                throw new PersistenceException(
                    $"The journal store {store.GetType().Name} answered {results.Count} results for {writes.Count} atomic writes; it must answer one per write.");
            }

            return results;
        }
        catch (OperationCanceledException cancelled) when (timeout.IsCancellationRequested)
        {
            throw new PersistenceException(
                $"Writing {writes.Count} atomic writes (first: '{writes[0].PersistenceId}' at sequence number {writes[0].LowestSequenceNr}) took longer than " +
                $"sluice.persistence.journal.call-timeout = {callTimeout.TotalSeconds:0.###}s; check the database or raise the timeout.",
                cancelled);
        }
    }

    private void AnswerInOrder()
    {
        while (_completed.Remove(_nextToAnswer, out var done))
        {
            _nextToAnswer++;
            for (var i = 0; i < done.Requests.Count; i++)
            {
                var request = done.Requests[i];
                var outcome = done.Outcomes[i];
                var idle = true;
                for (var j = 0; j < request.Writes.Count; j++)
                {
                    var rejection = outcome.Results?[j];
                    var write = request.Writes[j];
                    if (--_outstanding[write.PersistenceId] == 0) _outstanding.Remove(write.PersistenceId);
                    else idle = false;
                    request.Writer.Tell(new WriteResult(write, request.InstanceId, rejection, outcome.Failure), Self);
                }

                if (idle && outcome.Failure is null) _returning++;
            }
        }
    }

    private void StartParkedRecoveries()
    {
        for (var i = 0; i < _parkedRecoveries.Count; i++)
        {
            var recover = _parkedRecoveries[i];
            if (_outstanding.ContainsKey(recover.PersistenceId)) continue;
            _parkedRecoveries.RemoveAt(i--);
            startRecovery(recover);
        }
    }

    private sealed record LingerElapsed(long HoldNr);

    private sealed class LingerTimer(IActorRef journal, long holdNr)
    {
        public void Elapsed() => journal.Tell(new LingerElapsed(holdNr), journal);
    }
}
