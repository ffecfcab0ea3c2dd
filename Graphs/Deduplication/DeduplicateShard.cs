using Sluice.Graphs.State;

namespace Sluice.Graphs.Deduplication;

/*
 * One shard of a deduplication (Spark's StreamingDeduplicateExec and StreamingDeduplicateWithinWatermarkExec, DESIGN 4.5
 * rules 3 and 7): rows judged late (event time at or below the lateness watermark, whenever the input has a watermark)
 * are dropped and counted; otherwise the first row of each state key, in input order, is emitted at once and
 * remembered; at the end of the epoch the policy's expired entries go with the eviction watermark.
 */
internal sealed class DeduplicateShard<TKey, T, TStateKey, TValue, TPolicy>(long watermarkDelayMs) : StatefulShard<TKey, T, T>
    where TKey : notnull
    where TStateKey : notnull
    where TPolicy : struct, IDeduplicationPolicy<TKey, TStateKey, TValue>
{
    private readonly StateStore<TStateKey, TValue> _seen = new(TPolicy.StoreName);
    private readonly List<TStateKey> _expired = [];

    public override IReadOnlyList<IStateStore> Stores => [_seen];

    public override void OnRows(ReadOnlySpan<KeyedRow<TKey, T>> rows, in EpochInfo epoch, RowList<TimedRow<T>> output, List<TimedRow<T>>? lateRows)
    {
        foreach (ref readonly var row in rows)
        {
            if (epoch.HasWatermark && row.EventTimeMs != EventTime.None && row.EventTimeMs <= epoch.LatenessWatermarkMs)
            {
                RowsDroppedByWatermark++;
                lateRows?.Add(new TimedRow<T>(row.Value, row.EventTimeMs));
                continue;
            }

            var key = TPolicy.StateKey(row.Key, row.EventTimeMs);
            if (!_seen.ContainsKey(key))
            {
                _seen.Put(key, TPolicy.Remember(row.EventTimeMs, watermarkDelayMs));
                output.Add(new TimedRow<T>(row.Value, row.EventTimeMs));
            }
        }
    }

    public override void OnEpochEnd(in EpochInfo epoch, RowList<TimedRow<T>> output)
    {
        if (!TPolicy.Evicts || !epoch.HasWatermark)
        {
            return;
        }

        foreach (var (key, value) in _seen.Entries)
        {
            if (TPolicy.Expired(key, value, epoch.EvictionWatermarkMs))
            {
                _expired.Add(key);
            }
        }

        foreach (var key in _expired)
        {
            _seen.Remove(key);
        }

        _expired.Clear();
    }
}
