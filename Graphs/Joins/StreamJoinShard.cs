using Sluice.Graphs.State;

namespace Sluice.Graphs.Joins;

/*
 * One shard of a stream–stream join (Spark's StreamingSymmetricHashJoinExec, DESIGN 4.5 rule 8).
 * - Each input row (not late) joins the other side's buffer for its key, then goes into its own side's buffer. Rows are
 *   taken in arrival order, so two rows of one batch meet exactly once: the later one finds the earlier one.
 * - A buffered row remembers whether it ever matched; an outer join emits the null-padded row of an unmatched row only
 *   when the watermark evicts it, and never for a row that matched.
 * - A left semi join emits a left row once, at its first match (a left row that matched on arrival is not buffered;
 *   a buffered left row that a right row matches is marked and never emitted again).
 * - With a time range and a watermark W (the eviction watermark), future rows of either side have time > W. A left row
 *   can still match while left.time + After >= W; a right row while right.time + Before >= W (Spark's state
 *   watermarks, W - bound - 1, inclusive bounds keep the boundary row).
 */
internal sealed class StreamJoinShard<TKey, TLeft, TRight, TOut> : StatefulShard<TKey, JoinInput<TLeft, TRight>, TOut>
    where TKey : notnull
{
    private readonly StreamJoinOperator<TKey, TLeft, TRight, TOut> _op;
    private readonly StateStore<TKey, List<BufferedRow<TLeft>>> _left = new("left");
    private readonly StateStore<TKey, List<BufferedRow<TRight>>> _right = new("right");
    private readonly List<TKey> _emptied = [];
    private readonly bool _hasRange;
    private readonly long _beforeMs;
    private readonly long _afterMs;
    private readonly Func<TLeft, TOut> _padLeft;
    private readonly Func<TRight, TOut> _padRight;
    private long _rowsAdded;
    private long _rowsEvicted;

    public StreamJoinShard(StreamJoinOperator<TKey, TLeft, TRight, TOut> op)
    {
        _op = op;
        _hasRange = op.TimeRange is not null;
        _beforeMs = op.TimeRange?.BeforeMs ?? 0;
        _afterMs = op.TimeRange?.AfterMs ?? 0;
        _padLeft = left => op.ResultSelector(left, default!);
        _padRight = right => op.ResultSelector(default!, right);
    }

    public override IReadOnlyList<IStateStore> Stores => [_left, _right];

    /// <summary>Buffered rows of both sides, as Spark counts a join's state (a key with three buffered rows is three rows).</summary>
    public override long StateRows => CountRows(_left) + CountRows(_right);

    /// <summary>Rows buffered this epoch.</summary>
    public override long StateRowsUpdated => _rowsAdded;

    /// <summary>Rows evicted this epoch.</summary>
    public override long StateRowsRemoved => _rowsEvicted;

    protected override void OnEpochCountersReset()
    {
        _rowsAdded = 0;
        _rowsEvicted = 0;
    }

    private static long CountRows<TRow>(StateStore<TKey, List<BufferedRow<TRow>>> store)
    {
        long rows = 0;
        foreach (var (_, buffered) in store.Entries)
        {
            rows += buffered.Count;
        }

        return rows;
    }

    public override void OnRows(
        ReadOnlySpan<KeyedRow<TKey, JoinInput<TLeft, TRight>>> rows,
        in EpochInfo epoch,
        RowList<TimedRow<TOut>> output,
        List<TimedRow<JoinInput<TLeft, TRight>>>? lateRows)
    {
        foreach (ref readonly var row in rows)
        {
            if (epoch.HasWatermark && row.EventTimeMs != EventTime.None && row.EventTimeMs <= epoch.LatenessWatermarkMs)
            {
                RowsDroppedByWatermark++;
                lateRows?.Add(new TimedRow<JoinInput<TLeft, TRight>>(row.Value, row.EventTimeMs));
            }
            else if (row.Value.IsLeft)
            {
                OnLeft(row.Key, row.Value.Left, row.EventTimeMs, output);
            }
            else
            {
                OnRight(row.Key, row.Value.Right, row.EventTimeMs, output);
            }
        }
    }

    public override void OnEpochEnd(in EpochInfo epoch, RowList<TimedRow<TOut>> output)
    {
        if (!_hasRange || !epoch.HasWatermark)
        {
            return;
        }

        var watermark = epoch.EvictionWatermarkMs;
        var kind = _op.Kind;
        Evict(_left, watermark - _afterMs, kind is JoinKind.LeftOuter or JoinKind.FullOuter, _padLeft, output);
        Evict(_right, watermark - _beforeMs, kind is JoinKind.RightOuter or JoinKind.FullOuter, _padRight, output);
    }

    private bool InRange(long leftTimeMs, long rightTimeMs) =>
        !_hasRange || (rightTimeMs >= leftTimeMs - _beforeMs && rightTimeMs <= leftTimeMs + _afterMs);

    private void OnLeft(TKey key, TLeft value, long timeMs, RowList<TimedRow<TOut>> output)
    {
        var matched = false;
        if (_right.TryGet(key, out var rights))
        {
            var marked = false;
            foreach (var right in rights)
            {
                if (!InRange(timeMs, right.EventTimeMs))
                {
                    continue;
                }

                matched = true;
                if (_op.Kind == JoinKind.LeftSemi)
                {
                    break;
                }

                marked |= !right.Matched;
                right.Matched = true;
                output.Add(new TimedRow<TOut>(_op.ResultSelector(value, right.Value), timeMs));
            }

            if (marked)
            {
                _right.Put(key, rights);
            }
        }

        if (_op.Kind == JoinKind.LeftSemi && matched)
        {
            output.Add(new TimedRow<TOut>(_op.ResultSelector(value, default!), timeMs));
            return;
        }

        ref var lefts = ref _left.GetOrAddRef(key, out _);
        lefts ??= [];
        lefts.Add(new BufferedRow<TLeft> { Value = value, EventTimeMs = timeMs, Matched = matched });
        _rowsAdded++;
    }

    private void OnRight(TKey key, TRight value, long timeMs, RowList<TimedRow<TOut>> output)
    {
        var matched = false;
        if (_left.TryGet(key, out var lefts))
        {
            var marked = false;
            var semi = _op.Kind == JoinKind.LeftSemi;
            foreach (var left in lefts)
            {
                if (!InRange(left.EventTimeMs, timeMs) || (semi && left.Matched))
                {
                    continue;
                }

                matched = true;
                marked |= !left.Matched;
                left.Matched = true;
                output.Add(new TimedRow<TOut>(_op.ResultSelector(left.Value, semi ? default! : value), left.EventTimeMs));
            }

            if (marked)
            {
                _left.Put(key, lefts);
            }
        }

        ref var rights = ref _right.GetOrAddRef(key, out _);
        rights ??= [];
        rights.Add(new BufferedRow<TRight> { Value = value, EventTimeMs = timeMs, Matched = matched });
        _rowsAdded++;
    }

    /// <summary>
    /// Removes the rows of <paramref name="store"/> with time &lt; <paramref name="bound"/>; when <paramref name="outer"/>,
    /// emits the null-padded row (<paramref name="pad"/>) of each removed row that never matched.
    /// </summary>
    private void Evict<TRow>(StateStore<TKey, List<BufferedRow<TRow>>> store, long bound, bool outer, Func<TRow, TOut> pad, RowList<TimedRow<TOut>> output)
    {
        foreach (var (key, rows) in store.Entries)
        {
            var kept = 0;
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                if (row.EventTimeMs >= bound)
                {
                    rows[kept++] = row;
                }
                else if (outer && !row.Matched)
                {
                    output.Add(new TimedRow<TOut>(pad(row.Value), row.EventTimeMs));
                }
            }

            if (kept < rows.Count)
            {
                _rowsEvicted += rows.Count - kept;
                rows.RemoveRange(kept, rows.Count - kept);
                _emptied.Add(key);
            }
        }

        foreach (var key in _emptied)
        {
            store.TryGet(key, out var rows);
            if (rows!.Count == 0)
            {
                store.Remove(key);
            }
            else
            {
                store.Put(key, rows);
            }
        }

        _emptied.Clear();
    }
}
