using Sluice.Graphs.State;

namespace Sluice.Graphs.Deduplication;

/// <summary>
/// Dedup with the event time in the key (Spark's <c>dropDuplicates("id", "eventTime")</c> after <c>withWatermark</c>):
/// rows at or below the lateness watermark are dropped and counted; an entry goes once its time is at or below the
/// eviction watermark (DESIGN 4.5 rule 7).
/// </summary>
internal sealed class DeduplicateByEventTimeShard<TKey, T> : StatefulShard<TKey, T, T>
    where TKey : notnull
{
    private readonly StateStore<(TKey Key, long EventTimeMs), bool> _seen = new("seen");
    private readonly List<(TKey Key, long EventTimeMs)> _expired = [];

    public override IReadOnlyList<IStateStore> Stores => [_seen];

    public override void OnRows(ReadOnlySpan<KeyedRow<TKey, T>> rows, in EpochInfo epoch, List<TimedRow<T>> output, List<TimedRow<T>>? lateRows)
    {
        foreach (ref readonly var row in rows)
        {
            if (LateRows.IsLate(row.EventTimeMs, epoch))
            {
                RowsDroppedByWatermark++;
                lateRows?.Add(new TimedRow<T>(row.Value, row.EventTimeMs));
            }
            else if (!_seen.ContainsKey((row.Key, row.EventTimeMs)))
            {
                _seen.Put((row.Key, row.EventTimeMs), true);
                output.Add(new TimedRow<T>(row.Value, row.EventTimeMs));
            }
        }
    }

    public override void OnEpochEnd(in EpochInfo epoch, List<TimedRow<T>> output)
    {
        if (!epoch.HasWatermark)
        {
            return;
        }

        foreach (var (key, _) in _seen.Entries)
        {
            if (key.EventTimeMs <= epoch.EvictionWatermarkMs)
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
