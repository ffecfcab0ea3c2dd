using Sluice.Graphs.Queries;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Aggregations;

/// <summary>
/// A keyed aggregation without windows (Spark's <c>groupBy(key).agg(...)</c>): one accumulator per key, kept for ever.
/// Nothing is late (the key holds no event time): Update emits the keys changed in the epoch, Complete every key;
/// Append is refused, as in Spark, because a group's value is never final. In a Continuous trigger, Update emits the new
/// value of every key a batch of rows touched as soon as the batch is folded (so a key may appear several times in an
/// epoch, its last row being the epoch's value).
/// </summary>
internal sealed class AggregationOperator<TKey, TIn, TAcc, TOut>(
    AggregateFunction<TIn, TAcc> aggregate,
    Func<TKey, TAcc, TOut> result) : StatefulOperator<TKey, TIn, TOut>
    where TKey : notnull
{
    public override string Name => "aggregate";

    public override string? CheckOutputMode(OutputMode mode, bool hasWatermark) =>
        mode == OutputMode.Append
            ? "Append output mode is not supported for an aggregation without a window: its rows are never final. "
              + "Use OutputMode.Update or OutputMode.Complete, or aggregate over event-time windows "
              + "(WithWatermark(...) then GroupBy(key, Window.Tumbling(...)))."
            : null;

    public override StatefulShard<TKey, TIn, TOut> CreateShard(int shardId, int numberOfShards) => new Shard(aggregate, result);

    private sealed class Shard(AggregateFunction<TIn, TAcc> aggregate, Func<TKey, TAcc, TOut> result) : StatefulShard<TKey, TIn, TOut>
    {
        private readonly StateStore<TKey, TAcc> _store = new("aggregates");
        private readonly Func<TIn, TAcc> _init = aggregate.Init;
        private readonly Func<TAcc, TIn, TAcc> _fold = aggregate.Fold;
        private readonly HashSet<TKey> _batchKeys = []; // continuous mode: the keys of the current batch, emitted once each

        public override IReadOnlyList<IStateStore> Stores => [_store];

        public override void OnRows(ReadOnlySpan<KeyedRow<TKey, TIn>> rows, in EpochInfo epoch, RowList<TimedRow<TOut>> output, List<TimedRow<TIn>>? lateRows)
        {
            if (!epoch.IsContinuous || epoch.Mode != OutputMode.Update)
            {
                foreach (ref readonly var row in rows)
                {
                    ref var acc = ref _store.GetOrAddRef(row.Key, out var existed);
                    acc = existed ? _fold(acc, row.Value) : _init(row.Value);
                }

                return;
            }

            // Continuous Update: each key of the batch once, with its state after the batch. The rows carry the key the
            // store holds, so the batch's own (equal) key objects die young.
            foreach (ref readonly var row in rows)
            {
                ref var acc = ref _store.GetOrAddRef(row.Key, out var existed, out var stored);
                acc = existed ? _fold(acc, row.Value) : _init(row.Value);
                _batchKeys.Add(stored);
            }

            foreach (var key in _batchKeys)
            {
                _store.TryGet(key, out var acc);
                output.Add(new TimedRow<TOut>(result(key, acc), EventTime.None));
            }

            _batchKeys.Clear();
        }

        public override void OnEpochEnd(in EpochInfo epoch, RowList<TimedRow<TOut>> output)
        {
            if (epoch.Mode == OutputMode.Complete)
            {
                foreach (var (key, acc) in _store.Entries)
                {
                    output.Add(new TimedRow<TOut>(result(key, acc), EventTime.None));
                }
            }
            else if (epoch.Mode == OutputMode.Update && !epoch.IsContinuous)
            {
                // The store's changed keys are this epoch's updated groups (keys are never removed here, so each is listed once).
                foreach (var key in _store.ChangedKeys)
                {
                    _store.TryGet(key, out var acc);
                    output.Add(new TimedRow<TOut>(result(key, acc), EventTime.None));
                }
            }
        }
    }
}
