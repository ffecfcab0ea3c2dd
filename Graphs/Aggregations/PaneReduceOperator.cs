using Sluice.Graphs.Queries;
using Sluice.Graphs.State;
using Sluice.Graphs.Windows;

namespace Sluice.Graphs.Aggregations;

/*
 * DStreams' reduceByKeyAndWindow with an inverse function, on event time. A sliding window of `size` every `slide`
 * (size a multiple of slide) is a run of size / slide panes, each pane one slide long. A row updates one pane (not
 * size / slide windows); a window's value is computed when it is emitted, by one pass over each key's windows in order:
 * the next window's value is the previous one minus the panes that left (the inverse) plus the panes that entered.
 *
 * The rows emitted are exactly those of the plain sliding-window reduce (WindowAggregationOperator), rule for rule:
 * - late per window: a row is dropped for a window whose end <= the lateness watermark, counted once per distinct
 *   (window, key); a row late for all its windows is not added to its pane. So a pane may hold a row that is late for
 *   some of its windows: those windows must never be computed after the row came. In Update mode they are not (only
 *   windows ending after the lateness watermark are emitted); in Append mode the windows ending by the lateness
 *   watermark are emitted before the epoch's first row is added (the "emitted" bound makes that once only);
 * - Append: the windows whose end falls in (bound emitted so far, eviction watermark] and that hold rows;
 *   Update: the windows that contain a pane changed this epoch and are not late; Complete: every window with rows;
 * - a pane is evicted when the last window containing it has closed (pane start + size <= eviction watermark).
 * State: the panes, and the Append bound already emitted (one entry), both checkpointed.
 */

/// <summary>A keyed sliding-window reduce that keeps panes and slides with an inverse reduce.</summary>
internal sealed class PaneReduceOperator<TKey, TIn, TValue, TOut>(
    Func<TIn, TValue> value,
    Func<TValue, TValue, TValue> reduce,
    Func<TValue, TValue, TValue> inverseReduce,
    long sizeMs,
    long slideMs,
    Func<TKey, TimeWindow, TValue, TOut> result) : StatefulOperator<TKey, TIn, TOut>
    where TKey : notnull
{
    public override string Name => "window-reduce";

    public override string? CheckOutputMode(OutputMode mode, bool hasWatermark) =>
        mode == OutputMode.Append && !hasWatermark
            ? "Append output mode needs a watermark on ReduceByKeyAndWindow: a window is emitted once the watermark passes "
              + "its end. Add WithWatermark(maxOutOfOrderness) after WithTimestamps(...) upstream, or use OutputMode.Update or OutputMode.Complete."
            : null;

    public override bool NeedsNoDataBatch(OutputMode mode, bool hasWatermark) => hasWatermark && mode != OutputMode.Complete;

    public override StatefulShard<TKey, TIn, TOut> CreateShard(int shardId, int numberOfShards) =>
        new Shard(value, reduce, inverseReduce, sizeMs, slideMs, result);

    private sealed class Shard(
        Func<TIn, TValue> value,
        Func<TValue, TValue, TValue> reduce,
        Func<TValue, TValue, TValue> inverseReduce,
        long sizeMs,
        long slideMs,
        Func<TKey, TimeWindow, TValue, TOut> result) : StatefulShard<TKey, TIn, TOut>
    {
        private const int BoundKey = 0;
        private readonly StateStore<WindowKey<TKey>, PaneState<TValue>> _panes = new("panes");
        private readonly StateStore<int, long> _emitted = new("emitted");
        private readonly HashSet<WindowKey<TKey>> _lateGroups = [];
        private readonly HashSet<WindowKey<TKey>> _updatedPanes = [];
        private readonly Dictionary<TKey, List<long>> _windowStarts = [];
        private readonly List<WindowKey<TKey>> _closed = [];

        public override IReadOnlyList<IStateStore> Stores => [_panes, _emitted];

        public override void OnRows(ReadOnlySpan<KeyedRow<TKey, TIn>> rows, in EpochInfo epoch, RowList<TimedRow<TOut>> output, List<TimedRow<TIn>>? lateRows)
        {
            var judgeLate = epoch.HasWatermark && epoch.Mode != OutputMode.Complete;
            var lateUpToEnd = epoch.LatenessWatermarkMs;
            var trackUpdated = epoch.Mode == OutputMode.Update;
            if (epoch.Mode == OutputMode.Append && epoch.HasWatermark)
            {
                // A window the lateness watermark has passed takes no row of this epoch: emit it from the panes before
                // they take rows that are late for it (but not for later windows).
                EmitClosed(lateUpToEnd, output);
            }

            foreach (ref readonly var row in rows)
            {
                var time = row.EventTimeMs;
                if (time == EventTime.None)
                {
                    throw new InvalidOperationException("ReduceByKeyAndWindow got a row without an event time: add WithTimestamps(row => ...) before it.");
                }

                var paneStart = time - FloorMod(time, slideMs);
                if (judgeLate && paneStart + slideMs <= lateUpToEnd)
                {
                    // The earliest window of the row has ended: count each late window once per key.
                    for (var start = paneStart; start > time - sizeMs; start -= slideMs)
                    {
                        if (start + sizeMs <= lateUpToEnd && _lateGroups.Add(new WindowKey<TKey>(row.Key, start, start + sizeMs)))
                        {
                            RowsDroppedByWatermark++;
                        }
                    }

                    if (paneStart + sizeMs <= lateUpToEnd)
                    {
                        lateRows?.Add(new TimedRow<TIn>(row.Value, time));
                        continue;
                    }
                }

                var pane = new WindowKey<TKey>(row.Key, paneStart, paneStart + slideMs);
                ref var state = ref _panes.GetOrAddRef(pane, out var existed);
                var rowValue = value(row.Value);
                state = existed ? new PaneState<TValue>(reduce(state.Value, rowValue), state.Rows + 1) : new PaneState<TValue>(rowValue, 1);
                if (trackUpdated)
                {
                    _updatedPanes.Add(pane);
                }
            }
        }

        public override void OnEpochEnd(in EpochInfo epoch, RowList<TimedRow<TOut>> output)
        {
            var closedUpToEnd = epoch.EvictionWatermarkMs;
            switch (epoch.Mode)
            {
                case OutputMode.Complete:
                    foreach (var (pane, _) in _panes.Entries)
                    {
                        AddWindowsOf(pane, long.MinValue, long.MaxValue);
                    }

                    break;
                case OutputMode.Update:
                    var lateUpToEnd = epoch.HasWatermark ? epoch.LatenessWatermarkMs : long.MinValue;
                    foreach (var pane in _updatedPanes)
                    {
                        AddWindowsOf(pane, lateUpToEnd, long.MaxValue);
                    }

                    break;
                default:
                    if (epoch.HasWatermark)
                    {
                        EmitClosed(epoch.LatenessWatermarkMs, output);
                        EmitClosed(closedUpToEnd, output);
                    }

                    break;
            }

            EmitWindows(output);
            if (epoch.HasWatermark && epoch.Mode != OutputMode.Complete)
            {
                Evict(closedUpToEnd);
            }

            _updatedPanes.Clear();
            _lateGroups.Clear();
        }

        /// <summary>Emits, once, the windows with rows whose end is after the bound emitted so far and at most <paramref name="upToEnd"/>.</summary>
        private void EmitClosed(long upToEnd, RowList<TimedRow<TOut>> output)
        {
            var emittedUpToEnd = _emitted.TryGet(BoundKey, out var bound) ? bound : long.MinValue;
            if (upToEnd <= emittedUpToEnd)
            {
                return;
            }

            foreach (var (pane, _) in _panes.Entries)
            {
                AddWindowsOf(pane, emittedUpToEnd, upToEnd);
            }

            _emitted.Put(BoundKey, upToEnd);
            EmitWindows(output);
        }

        /// <summary>Notes the windows containing <paramref name="pane"/> whose end is in (<paramref name="afterEnd"/>, <paramref name="upToEnd"/>].</summary>
        private void AddWindowsOf(WindowKey<TKey> pane, long afterEnd, long upToEnd)
        {
            List<long>? starts = null;
            for (var start = pane.Start; start > pane.Start - sizeMs; start -= slideMs)
            {
                var end = start + sizeMs;
                if (end > afterEnd && end <= upToEnd)
                {
                    if (starts is null && !_windowStarts.TryGetValue(pane.Key, out starts))
                    {
                        starts = [];
                        _windowStarts.Add(pane.Key, starts);
                    }

                    starts.Add(start);
                }
            }
        }

        private void EmitWindows(RowList<TimedRow<TOut>> output)
        {
            foreach (var (key, starts) in _windowStarts)
            {
                starts.Sort();
                var running = default(TValue)!;
                long rows = 0;
                var current = long.MinValue;
                foreach (var start in starts)
                {
                    if (start == current)
                    {
                        continue;
                    }

                    if (current == long.MinValue || start - current >= sizeMs)
                    {
                        rows = 0;
                        Add(key, start, start + sizeMs, ref running, ref rows);
                    }
                    else
                    {
                        Remove(key, current, start, ref running, ref rows);
                        Add(key, current + sizeMs, start + sizeMs, ref running, ref rows);
                    }

                    current = start;
                    if (rows > 0)
                    {
                        var window = new TimeWindow(start, start + sizeMs);
                        output.Add(new TimedRow<TOut>(result(key, window, running), window.RowTimeMs));
                    }
                }
            }

            _windowStarts.Clear();
        }

        /// <summary>Reduces the panes starting in [<paramref name="from"/>, <paramref name="to"/>) into the running value.</summary>
        private void Add(TKey key, long from, long to, ref TValue running, ref long rows)
        {
            for (var pane = from; pane < to; pane += slideMs)
            {
                if (_panes.TryGet(new WindowKey<TKey>(key, pane, pane + slideMs), out var state))
                {
                    running = rows == 0 ? state.Value : reduce(running, state.Value);
                    rows += state.Rows;
                }
            }
        }

        /// <summary>Takes the panes starting in [<paramref name="from"/>, <paramref name="to"/>) out of the running value with the inverse reduce.</summary>
        private void Remove(TKey key, long from, long to, ref TValue running, ref long rows)
        {
            for (var pane = from; pane < to; pane += slideMs)
            {
                if (_panes.TryGet(new WindowKey<TKey>(key, pane, pane + slideMs), out var state))
                {
                    rows -= state.Rows;
                    running = rows == 0 ? default! : inverseReduce(running, state.Value);
                }
            }
        }

        private void Evict(long closedUpToEnd)
        {
            foreach (var (pane, _) in _panes.Entries)
            {
                if (pane.Start + sizeMs <= closedUpToEnd)
                {
                    _closed.Add(pane);
                }
            }

            foreach (var pane in _closed)
            {
                _panes.Remove(pane);
            }

            _closed.Clear();
        }

        private static long FloorMod(long value, long divisor)
        {
            var remainder = value % divisor;
            return remainder < 0 ? remainder + divisor : remainder;
        }
    }
}
