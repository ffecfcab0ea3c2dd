namespace Sluice.Graphs.State.Sharded;

/*
 * The router's side of one shard: credit and the answers to batches. A batch is sent only while fewer than
 * max-outstanding-batches are in flight; otherwise SendAsync waits (and the routing stage stops pulling) until the
 * shard answers one. Answers arrive on the shard actor's thread through the bridge; output emitted at once is kept
 * here until the next SendAsync or EndEpochAsync of this shard takes it. A send that collects late rows waits for
 * its own answer, so that the late rows come back with it.
 */
internal sealed class ShardLane<TKey, TIn, TOut>(int shard, int credit, Action<int, ShardRows<TKey, TIn>> send)
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Queue<Waiting> _waiting = new();
    private readonly Dictionary<long, TaskCompletionSource<ShardOutput<TIn, TOut>>> _awaitingAnswer = [];
    private RowList<TimedRow<TOut>>? _output;
    private int _inFlight;
    private long _nextBatchId;
    private Exception? _failure;

    public int InFlight
    {
        get
        {
            lock (_gate) return _inFlight;
        }
    }

    public ValueTask<ShardOutput<TIn, TOut>> SendAsync(KeyedRow<TKey, TIn>[] rows, int count, EpochInfo epoch, bool collectLate)
    {
        ShardRows<TKey, TIn> batch;
        TaskCompletionSource<ShardOutput<TIn, TOut>>? answer = null;
        lock (_gate)
        {
            if (_failure is not null) return ValueTask.FromException<ShardOutput<TIn, TOut>>(_failure);
            batch = new ShardRows<TKey, TIn>(_nextBatchId++, rows, count, epoch, collectLate);
            if (collectLate)
            {
                answer = new TaskCompletionSource<ShardOutput<TIn, TOut>>(TaskCreationOptions.RunContinuationsAsynchronously);
                _awaitingAnswer[batch.BatchId] = answer;
            }

            if (_inFlight >= credit || _waiting.Count > 0)
            {
                var waiting = new Waiting(batch, answer ?? new TaskCompletionSource<ShardOutput<TIn, TOut>>(TaskCreationOptions.RunContinuationsAsynchronously));
                _waiting.Enqueue(waiting);
                return new ValueTask<ShardOutput<TIn, TOut>>(waiting.Sent.Task);
            }

            _inFlight++;
        }

        send(shard, batch);
        return answer is null ? new ValueTask<ShardOutput<TIn, TOut>>(TakeOutput()) : new ValueTask<ShardOutput<TIn, TOut>>(answer.Task);
    }

    /// <summary>Output emitted at once by batches already answered (for EndEpochAsync).</summary>
    public RowList<TimedRow<TOut>>? TakeEmitted()
    {
        lock (_gate)
        {
            var output = _output;
            _output = null;
            return output;
        }
    }

    public void OnDone(RowsDone<TIn, TOut> done)
    {
        Waiting? next = null;
        TaskCompletionSource<ShardOutput<TIn, TOut>>? answer;
        lock (_gate)
        {
            _inFlight--;
            if (!_awaitingAnswer.Remove(done.BatchId, out answer) && done.Output.Count > 0) (_output ??= []).AddRange(done.Output);
            if (_waiting.Count > 0 && _failure is null)
            {
                next = _waiting.Dequeue();
                _inFlight++;
            }
        }

        answer?.TrySetResult(new ShardOutput<TIn, TOut>(done.Output, (IReadOnlyList<TimedRow<TIn>>?)done.Late ?? []));
        if (next is not { } waiting) return;
        send(shard, waiting.Batch);
        if (!waiting.Batch.CollectLate) waiting.Sent.TrySetResult(TakeOutput()); // else its answer completes it
    }

    public void OnFailed(Exception cause)
    {
        List<TaskCompletionSource<ShardOutput<TIn, TOut>>> pending = [];
        lock (_gate)
        {
            _failure ??= cause;
            while (_waiting.TryDequeue(out var waiting)) pending.Add(waiting.Sent);
            pending.AddRange(_awaitingAnswer.Values);
            _awaitingAnswer.Clear();
        }

        foreach (var tcs in pending) tcs.TrySetException(cause);
    }

    public Exception? Failure
    {
        get
        {
            lock (_gate) return _failure;
        }
    }

    private ShardOutput<TIn, TOut> TakeOutput()
    {
        var output = TakeEmitted();
        return output is null ? ShardOutput<TIn, TOut>.Empty : new ShardOutput<TIn, TOut>(output, []);
    }

    private readonly record struct Waiting(ShardRows<TKey, TIn> Batch, TaskCompletionSource<ShardOutput<TIn, TOut>> Sent);
}
