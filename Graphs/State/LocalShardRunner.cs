using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sluice.Graphs.State;

/*
 * One shard of the local backend, run on the thread pool: a queue of work (row batches, epoch ends, commits) drained
 * by at most one thread at a time, so the shard logic stays single-threaded while it runs beside the routing stage.
 * Flow control mirrors the sharded backend's ShardLane: a batch is accepted at once while fewer than Credit batches
 * wait or run; otherwise SendAsync completes when one is done (the routing stage stops pulling meanwhile). Output a
 * batch emits at once (continuous mode) is kept until the next send or epoch end of this shard takes it; a send that
 * collects late rows completes when its own batch ran, with everything emitted so far. A failure of the shard logic
 * fails every waiting caller and every later call.
 */

/// <summary>One shard of the local backend: its logic, run serially on the thread pool.</summary>
internal sealed class LocalShardRunner<TKey, TIn, TOut>(int shardId, StatefulShard<TKey, TIn, TOut> logic, LocalOperatorLog log, ShardStateBoard board) : IThreadPoolWorkItem
    where TKey : notnull
{
    private const int Credit = 16;
    private readonly Lock _gate = new();
    private readonly Queue<Work> _queue = new();
    private readonly RowList<TimedRow<TOut>> _scratch = new(); // a batch's output, copied out when there is any
    private RowList<TimedRow<TOut>>? _emitted;
    private TaskCompletionSource<ShardOutput<TIn, TOut>>? _creditWaiter;
    private int _batches; // queued or running
    private bool _running;
    private Exception? _failure;

    public ValueTask<ShardOutput<TIn, TOut>> SendAsync(KeyedRow<TKey, TIn>[] rows, int count, EpochInfo epoch, bool collectLate)
    {
        var answer = collectLate ? new TaskCompletionSource<ShardOutput<TIn, TOut>>() : null;
        lock (_gate)
        {
            if (_failure is not null)
            {
                return ValueTask.FromException<ShardOutput<TIn, TOut>>(_failure);
            }

            _batches++;
            Enqueue(new Work(WorkKind.Rows, rows, count, epoch, answer, null, null));
            if (answer is not null)
            {
                return new ValueTask<ShardOutput<TIn, TOut>>(answer.Task);
            }

            if (_batches > Credit)
            {
                // The routing stage awaits a send before it sends to the same shard again: one waiter at most.
                _creditWaiter = new TaskCompletionSource<ShardOutput<TIn, TOut>>();
                return new ValueTask<ShardOutput<TIn, TOut>>(_creditWaiter.Task);
            }

            return ValueTask.FromResult(TakeEmitted());
        }
    }

    public Task<ShardEpochResult<TOut>> EndEpochAsync(EpochInfo epoch)
    {
        var done = new TaskCompletionSource<ShardEpochResult<TOut>>();
        lock (_gate)
        {
            if (_failure is not null)
            {
                return Task.FromException<ShardEpochResult<TOut>>(_failure);
            }

            Enqueue(new Work(WorkKind.EndEpoch, null, 0, epoch, null, done, null));
        }

        return done.Task;
    }

    public Task CommitAsync(long epochId)
    {
        var done = new TaskCompletionSource();
        lock (_gate)
        {
            if (_failure is not null)
            {
                return Task.FromException(_failure);
            }

            Enqueue(new Work(WorkKind.Commit, null, 0, new EpochInfo(epochId, 0, 0, 0, default, false), null, null, done));
        }

        return done.Task;
    }

    /// <summary>Completes when the work queued so far has run (or the shard failed).</summary>
    public Task DrainAsync()
    {
        var done = new TaskCompletionSource();
        lock (_gate)
        {
            if (_failure is not null)
            {
                return Task.CompletedTask;
            }

            Enqueue(new Work(WorkKind.Drain, null, 0, default, null, null, done));
        }

        return done.Task;
    }

    void IThreadPoolWorkItem.Execute()
    {
        while (true)
        {
            Work work;
            lock (_gate)
            {
                if (_failure is not null || !_queue.TryDequeue(out work))
                {
                    _running = false;
                    return;
                }
            }

            try
            {
                Run(work);
            }
            catch (Exception e)
            {
                Fail(e, work);
                return;
            }
        }
    }

    private void Enqueue(Work work)
    {
        _queue.Enqueue(work);
        if (!_running)
        {
            _running = true;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private void Run(Work work)
    {
        switch (work.Kind)
        {
            case WorkKind.Rows:
                RunRows(work);
                break;
            case WorkKind.EndEpoch:
                RunEndEpoch(work);
                break;
            case WorkKind.Commit:
                log.Compact(shardId, work.Epoch.EpochId, logic.Stores);
                board.Committed(shardId, work.Epoch.EpochId);
                work.Done!.TrySetResult();
                break;
            default:
                work.Done!.TrySetResult();
                break;
        }
    }

    private void RunRows(Work work)
    {
        var output = _scratch;
        output.Clear();
        var late = work.Answer is not null ? new List<TimedRow<TIn>>() : null;
        logic.OnRows(work.Rows.AsSpan(0, work.Count), work.Epoch, output, late);

        // The batch array is ours now (SendAsync's contract): the routing stage rents them from the shared pool, which
        // refuses arrays of other sizes (a caller that allocated its own).
        var rows = work.Rows!;
        if (rows.Length >= 16 && BitOperations.IsPow2(rows.Length))
        {
            ArrayPool<KeyedRow<TKey, TIn>>.Shared.Return(rows, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<KeyedRow<TKey, TIn>>());
        }
        ShardOutput<TIn, TOut>? answer = null;
        TaskCompletionSource<ShardOutput<TIn, TOut>>? waiter = null;
        ShardOutput<TIn, TOut> waiterOutput = default;
        lock (_gate)
        {
            if (output.Count > 0)
            {
                (_emitted ??= new()).AddRange(output);
            }

            if (work.Answer is not null)
            {
                var emitted = TakeEmitted();
                answer = new ShardOutput<TIn, TOut>(emitted.Output, late!);
            }

            if (--_batches <= Credit && _creditWaiter is not null)
            {
                waiter = _creditWaiter;
                _creditWaiter = null;
                waiterOutput = TakeEmitted();
            }
        }

        if (answer is { } value)
        {
            work.Answer!.TrySetResult(value);
        }

        waiter?.TrySetResult(waiterOutput);
    }

    private void RunEndEpoch(Work work)
    {
        var output = new RowList<TimedRow<TOut>>();
        logic.OnEpochEnd(work.Epoch, output);
        long bytes = 0;
        foreach (var store in logic.Stores)
        {
            bytes += store.EstimatedBytes;
        }

        var metrics = logic.ReadMetrics(bytes);
        log.Append(shardId, work.Epoch.EpochId, logic.Stores);
        board.Update(shardId, logic.Stores, work.Epoch.EpochId);
        logic.ResetEpochCounters();
        RowList<TimedRow<TOut>>? emitted;
        lock (_gate)
        {
            emitted = _emitted;
            _emitted = null;
        }

        // Output emitted at once by batches nobody took yet comes first.
        if (emitted is not null)
        {
            emitted.AddRange(output);
            output = emitted;
        }

        work.EndDone!.TrySetResult(new ShardEpochResult<TOut>(output, metrics));
    }

    private ShardOutput<TIn, TOut> TakeEmitted()
    {
        var emitted = _emitted;
        _emitted = null;
        return emitted is null ? ShardOutput<TIn, TOut>.Empty : new ShardOutput<TIn, TOut>(emitted, []);
    }

    private void Fail(Exception cause, Work current)
    {
        List<Work> pending;
        TaskCompletionSource<ShardOutput<TIn, TOut>>? waiter;
        lock (_gate)
        {
            _failure = cause;
            _running = false;
            pending = [current, .. _queue];
            _queue.Clear();
            waiter = _creditWaiter;
            _creditWaiter = null;
        }

        waiter?.TrySetException(cause);
        foreach (var work in pending)
        {
            work.Answer?.TrySetException(cause);
            work.EndDone?.TrySetException(cause);
            if (work.Kind == WorkKind.Drain)
            {
                work.Done!.TrySetResult(); // nothing more will run
            }
            else
            {
                work.Done?.TrySetException(cause);
            }
        }
    }

    private enum WorkKind
    {
        Rows,
        EndEpoch,
        Commit,
        Drain,
    }

    private readonly record struct Work(
        WorkKind Kind,
        KeyedRow<TKey, TIn>[]? Rows,
        int Count,
        EpochInfo Epoch,
        TaskCompletionSource<ShardOutput<TIn, TOut>>? Answer,
        TaskCompletionSource<ShardEpochResult<TOut>>? EndDone,
        TaskCompletionSource? Done);
}
