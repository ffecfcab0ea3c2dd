using Sluice.Graphs.Queries;
using Sluice.Graphs.State;

namespace Sluice.Graphs.StatefulFunctions;

/*
 * One shard of MapWithState/FlatMapWithState, following Spark's FlatMapGroupsWithStateExec (DESIGN 4.5 rule 11):
 * - OnRows buffers values per key in arrival order (rows judged late are dropped only with event-time timeouts, as in
 *   Spark); OnEpochEnd calls the function once per key with values, then once per key whose timeout has passed.
 * - Each call starts with no timeout, so a call clears the key's previous timeout unless it sets a new one.
 * - Processing-time timeouts fire when timeout < batch timestamp; event-time ones when timeout < eviction watermark.
 * - Initial state is applied in epoch 0 only (after a restart the restored store already holds it); the function is
 *   called in epoch 0 for every initial key, with or without values (Spark's default).
 */
internal sealed class GroupsWithStateShard<TKey, TIn, TState, TOut> : StatefulShard<TKey, TIn, TOut>
    where TKey : notnull
{
    private readonly GroupsWithStateOperator<TKey, TIn, TState, TOut> _op;
    private readonly KeyValuePair<TKey, TState>[] _initialState;
    private readonly StateStore<TKey, GroupStateEntry<TState>> _store = new("state");
    private readonly KeyedBuffer<TKey, TIn> _buffer = new();
    private readonly GroupState<TState> _state = new();
    private readonly List<TKey> _timedOut = [];
    private bool _initialApplied;

    public GroupsWithStateShard(GroupsWithStateOperator<TKey, TIn, TState, TOut> op, KeyValuePair<TKey, TState>[] initialState)
    {
        _op = op;
        _initialState = initialState;
    }

    public override IReadOnlyList<IStateStore> Stores => [_store];

    public override void OnRows(ReadOnlySpan<KeyedRow<TKey, TIn>> rows, in EpochInfo epoch, RowList<TimedRow<TOut>> output, List<TimedRow<TIn>>? lateRows)
    {
        var dropLate = _op.Timeout == GroupStateTimeout.EventTimeTimeout && epoch.HasWatermark;
        foreach (ref readonly var row in rows)
        {
            if (dropLate && row.EventTimeMs != EventTime.None && row.EventTimeMs <= epoch.LatenessWatermarkMs)
            {
                RowsDroppedByWatermark++;
                lateRows?.Add(new TimedRow<TIn>(row.Value, row.EventTimeMs));
                continue;
            }

            _buffer.Add(row.Key, row.Value);
        }
    }

    public override void OnEpochEnd(in EpochInfo epoch, RowList<TimedRow<TOut>> output)
    {
        var initial = ApplyInitialState(epoch);
        var keys = _buffer.Keys;
        for (var i = 0; i < keys.Count; i++)
        {
            Call(keys[i], _buffer.ValuesOf(keys[i]), hasTimedOut: false, epoch, output);
        }

        foreach (var (key, _) in initial)
        {
            if (!_buffer.Contains(key))
            {
                Call(key, [], hasTimedOut: false, epoch, output);
            }
        }

        _buffer.Clear();
        FireTimeouts(epoch, output);
    }

    private ReadOnlySpan<KeyValuePair<TKey, TState>> ApplyInitialState(in EpochInfo epoch)
    {
        if (epoch.EpochId != 0 || _initialApplied)
        {
            return [];
        }

        _initialApplied = true;
        foreach (var (key, state) in _initialState)
        {
            _store.Put(key, new GroupStateEntry<TState>(true, state, GroupState<TState>.NoTimestamp));
        }

        return _initialState;
    }

    private void FireTimeouts(in EpochInfo epoch, RowList<TimedRow<TOut>> output)
    {
        long threshold;
        switch (_op.Timeout)
        {
            case GroupStateTimeout.ProcessingTimeTimeout:
                threshold = epoch.BatchTimestampMs;
                break;
            case GroupStateTimeout.EventTimeTimeout when epoch.HasWatermark:
                threshold = epoch.EvictionWatermarkMs;
                break;
            default:
                return;
        }

        foreach (var (key, entry) in _store.Entries)
        {
            if (entry.TimeoutMs != GroupState<TState>.NoTimestamp && entry.TimeoutMs < threshold)
            {
                _timedOut.Add(key);
            }
        }

        foreach (var key in _timedOut)
        {
            Call(key, [], hasTimedOut: true, epoch, output);
        }

        _timedOut.Clear();
    }

    private void Call(TKey key, IReadOnlyList<TIn> values, bool hasTimedOut, in EpochInfo epoch, RowList<TimedRow<TOut>> output)
    {
        var known = _store.TryGet(key, out var entry);
        var oldTimeout = known ? entry.TimeoutMs : GroupState<TState>.NoTimestamp;
        _state.Reset(
            known && entry.HasState,
            entry.State,
            hasTimedOut,
            _op.Timeout,
            epoch.BatchTimestampMs,
            epoch.EvictionWatermarkMs,
            epoch.HasWatermark,
            timingOutIsFinal: false);

        if (_op.Map is { } map)
        {
            output.Add(new TimedRow<TOut>(map(key, values, _state), EventTime.None));
        }
        else
        {
            foreach (var item in _op.FlatMap!(key, values, _state))
            {
                output.Add(new TimedRow<TOut>(item, EventTime.None));
            }
        }

        var newTimeout = _state.TimeoutTimestampMs;
        if (!_state.Exists && newTimeout == GroupState<TState>.NoTimestamp)
        {
            // Removed (or never set) and nothing left to time out: the key has nothing worth keeping.
            _store.Remove(key);
        }
        else if (_state.IsUpdated || _state.IsRemoved || newTimeout != oldTimeout)
        {
            _store.Put(key, new GroupStateEntry<TState>(_state.Exists, _state.Value, newTimeout));
        }
    }
}
