using System.Buffers;
using Sluice.Actors.Sharding;
using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Execution;

/*
 * The routing stage of one stateful operator. Rows are keyed, hashed (KeyHasher: StableHash over the key) to a shard
 * and collected per shard; a full batch goes to the shard through IOperatorShards.SendAsync. While a send is pending
 * the stage does not pull upstream (credit-based flow control: backpressure reaches the source). On barrier N it sends
 * every partial batch, then ends the epoch in every shard, emits their output, records the summed shard metrics in the
 * epoch facts and only then forwards barrier N. Epoch starts are forwarded at once: they carry the epoch's watermarks
 * that downstream operators need.
 *
 * Continuous mode: a flush marker (the end of what the source read together) sends every partial batch at once, and
 * every send waits for the shard's answer, so the rows the shards emit at once are pushed before the flush marker
 * passes on: a row reaches the sink as soon as the shards processed it, not at the barrier.
 */

/// <summary>
/// Routes rows to the shards of a stateful operator and emits what the shards produce.
/// Emits when: a shard produced rows, or a marker passes. Backpressures when: downstream does, or a send to a shard
/// is pending, or the epoch is ending. Completes when: upstream completed and nothing is pending.
/// Cancels when: downstream cancels.
/// </summary>
internal sealed class StatefulStage<TKey, TIn, TOut>(StatefulStageSettings<TKey, TIn, TOut> settings) : LinearStage<Element<TIn>, Element<TOut>>("query-stateful-" + settings.OperatorName)
    where TKey : notnull
{
    private const int BatchSize = 512;

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, settings);

    private sealed class Logic : LinearLogic<Element<TIn>, Element<TOut>>
    {
        private readonly StatefulStageSettings<TKey, TIn, TOut> _settings;
        private readonly IOperatorShards<TKey, TIn, TOut> _shards;
        private readonly KeyedRow<TKey, TIn>[][] _buffers;
        private readonly int[] _counts;
        private readonly ShardDivisor _divisor;
        private readonly RowQueue<Element<TOut>> _output = new();
        private readonly List<TimedRow<TIn>> _late = [];
        private readonly AsyncCallback<Task<ShardOutput<TIn, TOut>>> _sent;
        private readonly AsyncCallback<Task<ShardEpochResult<TOut>[]>> _ended;
        private readonly AsyncCallback<Task<ShardOutput<TIn, TOut>[]>> _flushedCallback;
        private EpochFacts? _epoch;
        private EpochInfo _info;
        private Element<TIn> _barrier;
        private bool _sending;
        private bool _awaitSends; // wait for each send's answer: late rows are collected, or continuous output must not lag
        private bool _inBarrier;
        private bool _ending;
        private bool _flushed;
        private bool _finishing;

        public Logic(StatefulStage<TKey, TIn, TOut> stage, StatefulStageSettings<TKey, TIn, TOut> settings)
            : base(stage)
        {
            _settings = settings;
            _shards = settings.Shards;
            _buffers = new KeyedRow<TKey, TIn>[_shards.NumberOfShards][];
            _counts = new int[_shards.NumberOfShards];
            _divisor = new ShardDivisor(_shards.NumberOfShards);
            _sent = GetAsyncCallback<Task<ShardOutput<TIn, TOut>>>(OnSent);
            _ended = GetAsyncCallback<Task<ShardEpochResult<TOut>[]>>(OnEnded);
            _flushedCallback = GetAsyncCallback<Task<ShardOutput<TIn, TOut>[]>>(OnFlushed);
        }

        public override void OnPush()
        {
            var element = Grab(In);
            switch (element.Kind)
            {
                case ElementKind.Row:
                    Route(element);
                    break;
                case ElementKind.EpochStart:
                    _epoch = element.Epoch!;
                    _info = _epoch.InfoFor(_settings.Chained, _settings.UpstreamDelayMs, _settings.HasWatermark);
                    _awaitSends = _settings.LateRows is not null || _epoch.IsContinuous;
                    _output.Enqueue(element.AsMarker<TOut>());
                    break;
                default: // a barrier, or a flush (ends like a barrier's first half)
                    _barrier = element;
                    _inBarrier = true;
                    ContinueBarrier();
                    break;
            }

            Drain();
            MaybePull();
        }

        public override void OnPull()
        {
            Drain();
            MaybePull();
        }

        public override void OnUpstreamFinish()
        {
            _finishing = true;
            MaybeComplete();
        }

        private void Route(in Element<TIn> element)
        {
            int shard;
            TKey key;
            try
            {
                key = _settings.Key(element.Value);
                shard = _divisor.ShardOf(KeyHasher<TKey>.Hash(key));
            }
            catch (Exception e)
            {
                FailStage(StageFailure(e));
                return;
            }

            var buffer = _buffers[shard] ??= ArrayPool<KeyedRow<TKey, TIn>>.Shared.Rent(BatchSize); // the backend may return it to the pool
            buffer[_counts[shard]++] = new KeyedRow<TKey, TIn>(key, element.EventTimeMs, element.Value);
            if (_counts[shard] == BatchSize)
            {
                Send(shard);
            }
        }

        private void Send(int shard)
        {
            if (!TryStartSend(shard, out var pending))
            {
                return;
            }

            if (pending.IsCompletedSuccessfully)
            {
                Take(pending.Result);
                return;
            }

            _sending = true;
            var callback = _sent;
            pending.AsTask().ContinueWith(callback.Invoke, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>Hands the shard's buffered rows over; false when the backend threw (the stage has failed).</summary>
        private bool TryStartSend(int shard, out ValueTask<ShardOutput<TIn, TOut>> send)
        {
            var rows = _buffers[shard];
            var count = _counts[shard];
            _buffers[shard] = null!;
            _counts[shard] = 0;
            try
            {
                send = _shards.SendAsync(shard, rows, count, _info, _awaitSends);
                return true;
            }
            catch (Exception e)
            {
                send = default;
                FailStage(StageFailure(e));
                return false;
            }
        }

        private void OnSent(Task<ShardOutput<TIn, TOut>> sent)
        {
            _sending = false;
            if (!sent.IsCompletedSuccessfully)
            {
                FailStage(StageFailure(sent.Exception?.InnerException ?? new OperationCanceledException("A send to a shard was cancelled.")));
                return;
            }

            Take(sent.Result);
            if (_inBarrier)
            {
                ContinueBarrier();
            }

            Drain();
            MaybePull();
        }

        private void OnFlushed(Task<ShardOutput<TIn, TOut>[]> flushed)
        {
            _sending = false;
            if (!flushed.IsCompletedSuccessfully)
            {
                FailStage(StageFailure(flushed.Exception?.InnerException ?? new OperationCanceledException("A send to a shard was cancelled.")));
                return;
            }

            foreach (var output in flushed.Result)
            {
                Take(output);
            }

            ContinueBarrier();
            Drain();
        }

        private void Take(ShardOutput<TIn, TOut> output)
        {
            foreach (var row in output.Output)
            {
                _output.Enqueue(Element<TOut>.Row(row.Value, row.EventTimeMs));
            }

            if (_settings.LateRows is not null)
            {
                _late.AddRange(output.Late);
            }
        }

        private void ContinueBarrier()
        {
            if (!_flushed)
            {
                // Send every partial batch at once (one per shard, so each shard has at most one pending send), then end
                // the epoch when all were taken; OnFlushed resumes here.
                _flushed = true;
                List<Task<ShardOutput<TIn, TOut>>>? pending = null;
                for (var shard = 0; shard < _counts.Length; shard++)
                {
                    if (_counts[shard] == 0)
                    {
                        continue;
                    }

                    if (!TryStartSend(shard, out var send))
                    {
                        return;
                    }

                    if (send.IsCompletedSuccessfully)
                    {
                        Take(send.Result);
                    }
                    else
                    {
                        (pending ??= []).Add(send.AsTask());
                    }
                }

                if (pending is not null)
                {
                    _sending = true;
                    var flushedCallback = _flushedCallback;
                    Task.WhenAll(pending).ContinueWith(flushedCallback.Invoke, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    return;
                }
            }

            if (_sending || _ending)
            {
                return;
            }

            if (_barrier.Kind == ElementKind.Flush)
            {
                _output.Enqueue(_barrier.AsMarker<TOut>());
                _barrier = default;
                _inBarrier = false;
                _flushed = false;
                Drain();
                MaybePull();
                return;
            }

            _ending = true;
            var ends = new Task<ShardEpochResult<TOut>>[_counts.Length];
            try
            {
                for (var shard = 0; shard < ends.Length; shard++)
                {
                    ends[shard] = _shards.EndEpochAsync(shard, _info);
                }
            }
            catch (Exception e)
            {
                FailStage(StageFailure(e));
                return;
            }

            var all = Task.WhenAll(ends);
            if (all.IsCompletedSuccessfully)
            {
                OnEnded(all);
                return;
            }

            var callback = _ended;
            all.ContinueWith(callback.Invoke, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private void OnEnded(Task<ShardEpochResult<TOut>[]> ended)
        {
            if (!ended.IsCompletedSuccessfully)
            {
                FailStage(StageFailure(ended.Exception?.InnerException ?? new OperationCanceledException("Ending an epoch was cancelled.")));
                return;
            }

            var metrics = new OperatorEpochMetrics { Name = _settings.OperatorName, NumShards = _counts.Length };
            foreach (var result in ended.Result)
            {
                foreach (var row in result.Output)
                {
                    _output.Enqueue(Element<TOut>.Row(row.Value, row.EventTimeMs));
                }

                metrics.NumRowsTotal += result.Metrics.NumRowsTotal;
                metrics.NumRowsUpdated += result.Metrics.NumRowsUpdated;
                metrics.NumRowsRemoved += result.Metrics.NumRowsRemoved;
                metrics.NumRowsDroppedByWatermark += result.Metrics.NumRowsDroppedByWatermark;
                metrics.MemoryUsedBytes += result.Metrics.MemoryUsedBytes;
            }

            var epoch = _barrier.Epoch!;
            epoch.Operators[_settings.OperatorIndex] = metrics;
            if (_settings.LateRows is not null && _late.Count > 0)
            {
                try
                {
                    _settings.LateRows(_late.ToArray(), epoch.EpochId);
                }
                catch (Exception e)
                {
                    FailStage(StageFailure(e));
                    return;
                }

                _late.Clear();
            }

            _output.Enqueue(_barrier.AsMarker<TOut>());
            _barrier = default;
            _inBarrier = false;
            _ending = false;
            _flushed = false;
            Drain();
            MaybePull();
        }

        private void Drain()
        {
            if (_output.Count > 0 && IsAvailable(Out))
            {
                Push(Out, _output.Dequeue());
            }

            MaybeComplete();
        }

        private void MaybePull()
        {
            if (!_sending && !_inBarrier && _output.Count == 0 && !IsClosed(In) && !HasBeenPulled(In))
            {
                Pull(In);
            }
        }

        private void MaybeComplete()
        {
            if (_finishing && _output.Count == 0 && !_inBarrier && !_sending)
            {
                CompleteStage();
            }
        }
    }
}

/// <summary>What the routing stage of one stateful operator needs.</summary>
internal sealed record StatefulStageSettings<TKey, TIn, TOut>(
    string OperatorName,
    int OperatorIndex,
    Func<TIn, TKey> Key,
    IOperatorShards<TKey, TIn, TOut> Shards,
    bool Chained,
    long UpstreamDelayMs,
    bool HasWatermark,
    Action<IReadOnlyList<TimedRow<TIn>>, long>? LateRows)
    where TKey : notnull;
