using Sluice.Graphs.State;

namespace Sluice.Graphs.StatefulFunctions;

/*
 * One shard of the DStreams-style MapWithState (Spark's MapWithStateRDDRecord): the function runs for every row as it
 * arrives and its result is emitted at once. A key's last-update time is the batch timestamp of the last call that
 * updated its state (with a timeout configured, any row for a key with state refreshes it). At the end of the epoch,
 * keys whose last update is older than batch timestamp - timeout are called once more as timing out, emitted, and
 * removed. (DStreams scans for idle keys only on checkpoint batches; we scan every epoch, so a key times out in the
 * first batch past its timeout.)
 */
internal sealed class MapWithStateShard<TKey, TIn, TState, TOut>(
    MapWithStateOperator<TKey, TIn, TState, TOut> op,
    KeyValuePair<TKey, TState>[] initialState) : StatefulShard<TKey, TIn, TOut>
    where TKey : notnull
{
    private readonly StateStore<TKey, MapWithStateEntry<TState>> _store = new("state");
    private readonly GroupState<TState> _state = new();
    private readonly List<TKey> _timedOut = [];
    private bool _initialApplied;

    public override IReadOnlyList<IStateStore> Stores => [_store];

    public override void OnRows(ReadOnlySpan<KeyedRow<TKey, TIn>> rows, in EpochInfo epoch, RowList<TimedRow<TOut>> output, List<TimedRow<TIn>>? lateRows)
    {
        ApplyInitialState(epoch);
        var hasTimeout = op.TimeoutMs > 0;
        foreach (ref readonly var row in rows)
        {
            var exists = _store.TryGet(row.Key, out var entry);
            _state.Reset(exists, entry.State, false, GroupStateTimeout.NoTimeout, epoch.BatchTimestampMs, epoch.EvictionWatermarkMs, epoch.HasWatermark, timingOutIsFinal: true);
            output.Add(new TimedRow<TOut>(op.Function(row.Key, row.Value, _state), row.EventTimeMs));
            if (_state.IsRemoved)
            {
                _store.Remove(row.Key);
            }
            else if (_state.IsUpdated || (_state.Exists && hasTimeout))
            {
                _store.Put(row.Key, new MapWithStateEntry<TState>(_state.Value, epoch.BatchTimestampMs));
            }
        }
    }

    public override void OnEpochEnd(in EpochInfo epoch, RowList<TimedRow<TOut>> output)
    {
        ApplyInitialState(epoch);
        if (op.TimeoutMs <= 0)
        {
            return;
        }

        var threshold = epoch.BatchTimestampMs - op.TimeoutMs;
        foreach (var (key, entry) in _store.Entries)
        {
            if (entry.UpdatedMs < threshold)
            {
                _timedOut.Add(key);
            }
        }

        foreach (var key in _timedOut)
        {
            _store.TryGet(key, out var entry);
            _state.Reset(true, entry.State, true, GroupStateTimeout.NoTimeout, epoch.BatchTimestampMs, epoch.EvictionWatermarkMs, epoch.HasWatermark, timingOutIsFinal: true);
            output.Add(new TimedRow<TOut>(op.Function(key, default, _state), EventTime.None));
            _store.Remove(key);
        }

        _timedOut.Clear();
    }

    private void ApplyInitialState(in EpochInfo epoch)
    {
        if (epoch.EpochId != 0 || _initialApplied)
        {
            return;
        }

        _initialApplied = true;
        foreach (var (key, state) in initialState)
        {
            _store.Put(key, new MapWithStateEntry<TState>(state, epoch.BatchTimestampMs));
        }
    }
}
