using Sluice.Graphs.State;

namespace Sluice.Graphs.Deduplication;

/// <summary>
/// Dedup without event time in the key: keys are kept forever. With a watermark on the input, rows at or below it are
/// still dropped as late (Spark filters late rows whenever the input has an event-time column).
/// </summary>
internal sealed class DeduplicateShard<TKey, T> : StatefulShard<TKey, T, T>
    where TKey : notnull
{
    private readonly StateStore<TKey, bool> _seen = new("seen");

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
            else if (!_seen.ContainsKey(row.Key))
            {
                _seen.Put(row.Key, true);
                output.Add(new TimedRow<T>(row.Value, row.EventTimeMs));
            }
        }
    }

    public override void OnEpochEnd(in EpochInfo epoch, List<TimedRow<T>> output)
    {
    }
}
