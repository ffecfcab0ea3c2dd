using Sluice.Graphs.State;

namespace Sluice.Graphs.Deduplication;

/// <summary>
/// Spark's dropDuplicatesWithinWatermark: the first row of a key is emitted and the key remembered until its first
/// event time + the watermark delay is at or below the eviction watermark; late rows are dropped and counted.
/// </summary>
internal sealed class DeduplicateWithinWatermarkShard<TKey, T>(long watermarkDelayMs) : StatefulShard<TKey, T, T>
    where TKey : notnull
{
    private readonly StateStore<TKey, long> _expiresAt = new("expiresAt");
    private readonly List<TKey> _expired = [];

    public override IReadOnlyList<IStateStore> Stores => [_expiresAt];

    public override void OnRows(ReadOnlySpan<KeyedRow<TKey, T>> rows, in EpochInfo epoch, List<TimedRow<T>> output, List<TimedRow<T>>? lateRows)
    {
        foreach (ref readonly var row in rows)
        {
            if (LateRows.IsLate(row.EventTimeMs, epoch))
            {
                RowsDroppedByWatermark++;
                lateRows?.Add(new TimedRow<T>(row.Value, row.EventTimeMs));
            }
            else if (!_expiresAt.ContainsKey(row.Key))
            {
                _expiresAt.Put(row.Key, row.EventTimeMs + watermarkDelayMs);
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

        foreach (var (key, expiresAt) in _expiresAt.Entries)
        {
            if (expiresAt <= epoch.EvictionWatermarkMs)
            {
                _expired.Add(key);
            }
        }

        foreach (var key in _expired)
        {
            _expiresAt.Remove(key);
        }

        _expired.Clear();
    }
}
