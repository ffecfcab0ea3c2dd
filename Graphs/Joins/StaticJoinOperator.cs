using Sluice.Graphs.State;

namespace Sluice.Graphs.Joins;

/// <summary>
/// A stream–static join (inner or left outer) against a <see cref="LookupTable{TKey,TValue}"/>. Stateless: it keeps no
/// store. It rides on the keyed primitive only because the engine's stateless per-row operator is not in the contract
/// yet; rows are routed by their join key.
/// </summary>
internal sealed class StaticJoinOperator<TKey, T, TValue, TOut>(
    LookupTable<TKey, TValue> table,
    bool leftOuter,
    Func<T, TValue, TOut> resultSelector) : StatefulOperator<TKey, T, TOut>
    where TKey : notnull
{
    public LookupTable<TKey, TValue> Table { get; } = table;

    public bool IsLeftOuter { get; } = leftOuter;

    public Func<T, TValue, TOut> ResultSelector { get; } = resultSelector;

    public override string Name => "staticJoin";

    public override StatefulShard<TKey, T, TOut> CreateShard(int shardId, int numberOfShards) => new Shard(this);

    private sealed class Shard(StaticJoinOperator<TKey, T, TValue, TOut> op) : StatefulShard<TKey, T, TOut>
    {
        public override IReadOnlyList<IStateStore> Stores => [];

        public override void OnRows(ReadOnlySpan<KeyedRow<TKey, T>> rows, in EpochInfo epoch, List<TimedRow<TOut>> output, List<TimedRow<T>>? lateRows)
        {
            var table = op.Table.RowsFor(epoch.BatchTimestampMs);
            foreach (ref readonly var row in rows)
            {
                if (table.TryGetValue(row.Key, out var match))
                {
                    output.Add(new TimedRow<TOut>(op.ResultSelector(row.Value, match), row.EventTimeMs));
                }
                else if (op.IsLeftOuter)
                {
                    output.Add(new TimedRow<TOut>(op.ResultSelector(row.Value, default!), row.EventTimeMs));
                }
            }
        }

        public override void OnEpochEnd(in EpochInfo epoch, List<TimedRow<TOut>> output)
        {
        }
    }
}
