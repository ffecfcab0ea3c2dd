using Sluice.Graphs.Queries;
using Sluice.Graphs.State;
using Sluice.Graphs.Windows;

namespace Sluice.Graphs.Aggregations;

/*
 * A keyed aggregation over tumbling or sliding event-time windows, with Spark's micro-batch semantics (DESIGN 4.5):
 * - a row belongs to every window [start, start + size) that contains its event time, starts aligned to the epoch
 *   plus the offset (rule 4);
 * - lateness is judged per window: a (window, key) group is late when end + allowedLateness <= the lateness
 *   watermark, so a row may be late for some sliding windows and not others (rule 3). Late groups are dropped and
 *   counted once per distinct (window, key) in the epoch, as Spark counts rows after its per-batch partial
 *   aggregation; a row late for all its windows goes to the late-row side output;
 * - Append emits a group once, when end + allowedLateness <= the eviction watermark, then evicts it; Update emits
 *   the groups changed in the epoch and evicts the closed ones; Complete drops and evicts nothing (rule 5).
 * State: one accumulator per (key, window) in one store. The eviction scan is skipped while no stored window can
 * have closed (_minEndMs, a scratch bound rebuilt by the first scan after a restore).
 */

/// <summary>A keyed aggregation over tumbling or sliding event-time windows.</summary>
internal sealed class WindowAggregationOperator<TKey, TIn, TAcc, TOut>(
    WindowAssigner window,
    AggregateFunction<TIn, TAcc> aggregate,
    Func<TKey, TimeWindow, TAcc, TOut> result,
    long allowedLatenessMs) : StatefulOperator<TKey, TIn, TOut>
    where TKey : notnull
{
    public override string Name => "window-aggregate";

    public override string? CheckOutputMode(OutputMode mode, bool hasWatermark) =>
        mode == OutputMode.Append && !hasWatermark
            ? $"Append output mode needs a watermark on a windowed aggregation ({window}): a window is emitted once the "
              + "watermark passes its end. Add WithWatermark(maxOutOfOrderness) after WithTimestamps(...) upstream, or use "
              + "OutputMode.Update or OutputMode.Complete."
            : null;

    public override bool NeedsNoDataBatch(OutputMode mode, bool hasWatermark) => hasWatermark && mode != OutputMode.Complete;

    public override StatefulShard<TKey, TIn, TOut> CreateShard(int shardId, int numberOfShards) =>
        new Shard(window, aggregate, result, allowedLatenessMs);

    private sealed class Shard(
        WindowAssigner window,
        AggregateFunction<TIn, TAcc> aggregate,
        Func<TKey, TimeWindow, TAcc, TOut> result,
        long allowedLatenessMs) : StatefulShard<TKey, TIn, TOut>
    {
        private readonly StateStore<WindowKey<TKey>, TAcc> _store = new("windows");
        private readonly HashSet<WindowKey<TKey>> _updated = [];
        private readonly HashSet<WindowKey<TKey>> _lateGroups = [];
        private readonly List<WindowKey<TKey>> _closed = [];
        private readonly Func<TIn, TAcc> _init = aggregate.Init;
        private readonly Func<TAcc, TIn, TAcc> _fold = aggregate.Fold;
        private readonly long _sizeMs = window.SizeMs;
        private readonly long _slideMs = window.SlideMs;
        private long _minEndMs = long.MinValue; // no stored window ends before this; MinValue: unknown

        public override IReadOnlyList<IStateStore> Stores => [_store];

        public override void OnRows(ReadOnlySpan<KeyedRow<TKey, TIn>> rows, in EpochInfo epoch, RowList<TimedRow<TOut>> output, List<TimedRow<TIn>>? lateRows)
        {
            var judgeLate = epoch.HasWatermark && epoch.Mode != OutputMode.Complete;
            var lateUpToEnd = epoch.LatenessWatermarkMs - allowedLatenessMs; // a window is late when end <= this
            var trackUpdated = epoch.Mode == OutputMode.Update;
            foreach (ref readonly var row in rows)
            {
                var time = row.EventTimeMs;
                if (time == EventTime.None)
                {
                    throw MissingEventTime();
                }

                var accepted = false;
                for (var start = window.LastStartFor(time); start > time - _sizeMs; start -= _slideMs)
                {
                    var key = new WindowKey<TKey>(row.Key, start, start + _sizeMs);
                    if (judgeLate && key.End <= lateUpToEnd)
                    {
                        if (_lateGroups.Add(key))
                        {
                            RowsDroppedByWatermark++;
                        }

                        continue;
                    }

                    accepted = true;
                    ref var acc = ref _store.GetOrAddRef(key, out var existed);
                    acc = existed ? _fold(acc, row.Value) : _init(row.Value);
                    if (key.End < _minEndMs)
                    {
                        _minEndMs = key.End;
                    }

                    if (trackUpdated)
                    {
                        _updated.Add(key);
                    }
                }

                if (!accepted)
                {
                    lateRows?.Add(new TimedRow<TIn>(row.Value, time));
                }
            }
        }

        public override void OnEpochEnd(in EpochInfo epoch, RowList<TimedRow<TOut>> output)
        {
            var closedUpToEnd = epoch.EvictionWatermarkMs - allowedLatenessMs;
            switch (epoch.Mode)
            {
                case OutputMode.Complete:
                    foreach (var (key, acc) in _store.Entries)
                    {
                        Emit(key, acc, output);
                    }

                    break;
                case OutputMode.Update:
                    foreach (var key in _updated)
                    {
                        _store.TryGet(key, out var acc);
                        Emit(key, acc, output);
                    }

                    if (epoch.HasWatermark)
                    {
                        Evict(closedUpToEnd, null);
                    }

                    break;
                default:
                    if (epoch.HasWatermark)
                    {
                        Evict(closedUpToEnd, output);
                    }

                    break;
            }

            _updated.Clear();
            _lateGroups.Clear();
        }

        private void Evict(long closedUpToEnd, RowList<TimedRow<TOut>>? output)
        {
            if (closedUpToEnd < _minEndMs)
            {
                return;
            }

            var minEnd = long.MaxValue;
            foreach (var (key, _) in _store.Entries)
            {
                if (key.End <= closedUpToEnd)
                {
                    _closed.Add(key);
                }
                else if (key.End < minEnd)
                {
                    minEnd = key.End;
                }
            }

            foreach (var key in _closed)
            {
                if (output is not null)
                {
                    _store.TryGet(key, out var acc);
                    Emit(key, acc, output);
                }

                _store.Remove(key);
            }

            _closed.Clear();
            _minEndMs = minEnd;
        }

        private void Emit(WindowKey<TKey> key, TAcc acc, RowList<TimedRow<TOut>> output)
        {
            var timeWindow = new TimeWindow(key.Start, key.End);
            output.Add(new TimedRow<TOut>(result(key.Key, timeWindow, acc), timeWindow.RowTimeMs));
        }

        private InvalidOperationException MissingEventTime() =>
            new($"The windowed aggregation ({window}) got a row without an event time: add WithTimestamps(row => ...) before it.");
    }
}
