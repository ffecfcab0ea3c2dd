using Sluice.Graphs.State;

namespace Sluice.Graphs.StatefulFunctions;

/*
 * One shard of UpdateStateByKey (DStreams): values are buffered per key in arrival order; at the end of the epoch the
 * update function runs for every key that has state or values (state first, then new keys in arrival order), and the
 * epoch's output is (key, state) of every key that still has state. Initial state is put in epoch 0.
 */
internal sealed class UpdateStateByKeyShard<TKey, TIn, TState>(
    StateUpdate<TIn, TState> update,
    KeyValuePair<TKey, TState>[] initialState) : StatefulShard<TKey, TIn, (TKey Key, TState State)>
    where TKey : notnull
{
    private readonly StateStore<TKey, TState> _store = new("state");
    private readonly KeyedBuffer<TKey, TIn> _buffer = new();
    private readonly List<TKey> _keys = [];
    private bool _initialApplied;

    public override IReadOnlyList<IStateStore> Stores => [_store];

    public override void OnRows(ReadOnlySpan<KeyedRow<TKey, TIn>> rows, in EpochInfo epoch, RowList<TimedRow<(TKey Key, TState State)>> output, List<TimedRow<TIn>>? lateRows)
    {
        foreach (ref readonly var row in rows)
        {
            _buffer.Add(row.Key, row.Value);
        }
    }

    public override void OnEpochEnd(in EpochInfo epoch, RowList<TimedRow<(TKey Key, TState State)>> output)
    {
        if (epoch.EpochId == 0 && !_initialApplied)
        {
            _initialApplied = true;
            foreach (var (key, state) in initialState)
            {
                _store.Put(key, state);
            }
        }

        foreach (var (key, _) in _store.Entries)
        {
            _keys.Add(key);
        }

        foreach (var key in _buffer.Keys)
        {
            if (!_store.ContainsKey(key))
            {
                _keys.Add(key);
            }
        }

        var comparer = EqualityComparer<TState>.Default;
        foreach (var key in _keys)
        {
            var exists = _store.TryGet(key, out var current);
            if (!update(_buffer.ValuesOf(key), exists, current, out var next))
            {
                _store.Remove(key);
                continue;
            }

            if (!exists || !comparer.Equals(current, next))
            {
                _store.Put(key, next);
            }

            output.Add(new TimedRow<(TKey Key, TState State)>((key, next), EventTime.None));
        }

        _keys.Clear();
        _buffer.Clear();
    }
}
