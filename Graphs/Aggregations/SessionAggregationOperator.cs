using System.Runtime.InteropServices;
using Sluice.Graphs.Queries;
using Sluice.Graphs.State;
using Sluice.Graphs.Windows;

namespace Sluice.Graphs.Aggregations;

/*
 * A keyed aggregation over session windows, with Spark's semantics (DESIGN 4.5 rules 3, 5, 6):
 * - an event at t with gap g covers [t, t + g); a dynamic gap <= 0 drops the row (filtered, not counted as late);
 * - a row is late when t + g + allowedLateness <= the lateness watermark, judged per row before any merging (Spark
 *   filters its partially aggregated rows, one per distinct (key, session), before merging them with the state), and
 *   counted once per distinct (key, start, end) in the epoch;
 * - the sessions of a key merge when they overlap or touch (next.start <= current.end), with the accumulators merged;
 * - Append emits a session once its end + allowedLateness <= the eviction watermark, then evicts it; Complete emits
 *   every session every epoch and drops nothing. Update is refused, as in Spark: a merged session replaces rows the
 *   sink already has under other windows.
 * State: per key, its open sessions sorted by start (disjoint, so their ends are sorted too). Merging a row into that
 * list in place gives the same sessions as Spark's sort-and-merge at the end of the batch: the union of intervals does
 * not depend on the order the rows come in.
 */

/// <summary>A keyed aggregation over session windows.</summary>
internal sealed class SessionAggregationOperator<TKey, TIn, TAcc, TOut>(
    WindowAssigner window,
    AggregateFunction<TIn, TAcc> aggregate,
    Func<TKey, TimeWindow, TAcc, TOut> result,
    long allowedLatenessMs) : StatefulOperator<TKey, TIn, TOut>
    where TKey : notnull
{
    private readonly Func<TIn, TimeSpan>? _dynamicGap = window.DynamicGapFor<TIn>();

    public override string Name => "session-aggregate";

    public override string? CheckOutputMode(OutputMode mode, bool hasWatermark) => mode switch
    {
        OutputMode.Update =>
            $"Update output mode is not supported for session windows ({window}), as in Spark: a session that grows "
            + "replaces rows already written under other windows. Use OutputMode.Append with WithWatermark(...), or OutputMode.Complete.",
        OutputMode.Append when !hasWatermark =>
            $"Append output mode needs a watermark on a session window aggregation ({window}): a session is emitted once "
            + "the watermark passes its end. Add WithWatermark(maxOutOfOrderness) after WithTimestamps(...) upstream, or use OutputMode.Complete.",
        _ => null,
    };

    public override bool NeedsNoDataBatch(OutputMode mode, bool hasWatermark) => hasWatermark && mode != OutputMode.Complete;

    public override StatefulShard<TKey, TIn, TOut> CreateShard(int shardId, int numberOfShards) =>
        new Shard(window, aggregate, result, allowedLatenessMs, _dynamicGap);

    private sealed class Shard(
        WindowAssigner window,
        AggregateFunction<TIn, TAcc> aggregate,
        Func<TKey, TimeWindow, TAcc, TOut> result,
        long allowedLatenessMs,
        Func<TIn, TimeSpan>? dynamicGap) : StatefulShard<TKey, TIn, TOut>
    {
        private readonly StateStore<TKey, List<SessionEntry<TAcc>>> _store = new("sessions");
        private readonly HashSet<WindowKey<TKey>> _lateSessions = [];
        private readonly List<TKey> _emptied = [];
        private readonly Func<TIn, TAcc> _init = aggregate.Init;
        private readonly Func<TAcc, TAcc, TAcc> _merge = aggregate.Merge;
        private readonly Func<TIn, TimeSpan>? _dynamicGap = dynamicGap;
        private readonly long _gapMs = window.GapMs;
        private long _minEndMs = long.MinValue; // no stored session ends before this; MinValue: unknown

        public override IReadOnlyList<IStateStore> Stores => [_store];

        public override void OnRows(ReadOnlySpan<KeyedRow<TKey, TIn>> rows, in EpochInfo epoch, RowList<TimedRow<TOut>> output, List<TimedRow<TIn>>? lateRows)
        {
            var judgeLate = epoch.HasWatermark && epoch.Mode != OutputMode.Complete;
            var lateUpToEnd = epoch.LatenessWatermarkMs - allowedLatenessMs;
            foreach (ref readonly var row in rows)
            {
                var time = row.EventTimeMs;
                if (time == EventTime.None)
                {
                    throw new InvalidOperationException(
                        $"The session window aggregation ({window}) got a row without an event time: add WithTimestamps(row => ...) before it.");
                }

                var gapMs = _dynamicGap is null ? _gapMs : (long)_dynamicGap(row.Value).TotalMilliseconds;
                if (gapMs <= 0)
                {
                    continue;
                }

                var end = time + gapMs;
                if (judgeLate && end <= lateUpToEnd)
                {
                    if (_lateSessions.Add(new WindowKey<TKey>(row.Key, time, end)))
                    {
                        RowsDroppedByWatermark++;
                    }

                    lateRows?.Add(new TimedRow<TIn>(row.Value, time));
                    continue;
                }

                ref var sessions = ref _store.GetOrAddRef(row.Key, out var existed);
                sessions ??= [];
                Insert(sessions, new SessionEntry<TAcc>(time, end, _init(row.Value)));
                if (end < _minEndMs)
                {
                    _minEndMs = end;
                }
            }
        }

        public override void OnEpochEnd(in EpochInfo epoch, RowList<TimedRow<TOut>> output)
        {
            if (epoch.Mode == OutputMode.Complete)
            {
                foreach (var (key, sessions) in _store.Entries)
                {
                    foreach (var session in sessions)
                    {
                        Emit(key, session, output);
                    }
                }
            }
            else if (epoch.HasWatermark)
            {
                Evict(epoch.EvictionWatermarkMs - allowedLatenessMs, epoch.Mode == OutputMode.Append ? output : null);
            }

            _lateSessions.Clear();
        }

        /// <summary>Adds <paramref name="added"/> to the sorted, disjoint <paramref name="sessions"/>, merging every session it overlaps or touches.</summary>
        private void Insert(List<SessionEntry<TAcc>> sessions, SessionEntry<TAcc> added)
        {
            var span = CollectionsMarshal.AsSpan(sessions);
            var first = 0;
            while (first < span.Length && span[first].End < added.Start)
            {
                first++;
            }

            var last = first;
            var merged = added;
            while (last < span.Length && span[last].Start <= added.End)
            {
                var existing = span[last];
                merged = new SessionEntry<TAcc>(
                    Math.Min(existing.Start, merged.Start),
                    Math.Max(existing.End, merged.End),
                    _merge(existing.Acc, merged.Acc));
                last++;
            }

            if (last == first)
            {
                sessions.Insert(first, merged);
                return;
            }

            span[first] = merged;
            if (last - first > 1)
            {
                sessions.RemoveRange(first + 1, last - first - 1);
            }
        }

        private void Evict(long closedUpToEnd, RowList<TimedRow<TOut>>? output)
        {
            if (closedUpToEnd < _minEndMs)
            {
                return;
            }

            var minEnd = long.MaxValue;
            foreach (var (key, sessions) in _store.Entries)
            {
                var closed = 0;
                while (closed < sessions.Count && sessions[closed].End <= closedUpToEnd)
                {
                    if (output is not null)
                    {
                        Emit(key, sessions[closed], output);
                    }

                    closed++;
                }

                if (closed == 0)
                {
                    minEnd = Math.Min(minEnd, sessions[0].End);
                    continue;
                }

                // Changing a list in place does not mark the key changed in the store: collect, then write back below.
                sessions.RemoveRange(0, closed);
                _emptied.Add(key);
                if (sessions.Count > 0)
                {
                    minEnd = Math.Min(minEnd, sessions[0].End);
                }
            }

            foreach (var key in _emptied)
            {
                _store.TryGet(key, out var sessions);
                if (sessions.Count == 0)
                {
                    _store.Remove(key);
                }
                else
                {
                    _store.Put(key, sessions);
                }
            }

            _emptied.Clear();
            _minEndMs = minEnd;
        }

        private void Emit(TKey key, SessionEntry<TAcc> session, RowList<TimedRow<TOut>> output)
        {
            var timeWindow = new TimeWindow(session.Start, session.End);
            output.Add(new TimedRow<TOut>(result(key, timeWindow, session.Acc), timeWindow.RowTimeMs));
        }
    }
}
