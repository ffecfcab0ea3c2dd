using Sluice.Graphs.Queries;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Tests.Queries;

/// <summary>A count per key for the engine's tests: Update emits the keys changed in the epoch, Complete every key; late rows (event time &lt;= watermark) are dropped.</summary>
internal sealed class CountPerKey<TKey>(string name = "count") : StatefulOperator<TKey, TKey, (TKey Key, long Count)>
    where TKey : notnull
{
    public override string Name => name;

    public List<EpochInfo> Epochs { get; } = [];

    public override string? CheckOutputMode(OutputMode mode, bool hasWatermark) =>
        mode == OutputMode.Append ? "Append output mode is not supported for a count per key without windows: use Update or Complete." : null;

    public override StatefulShard<TKey, TKey, (TKey Key, long Count)> CreateShard(int shardId, int numberOfShards) => new Shard(this);

    private sealed class Shard(CountPerKey<TKey> op) : StatefulShard<TKey, TKey, (TKey Key, long Count)>
    {
        private readonly StateStore<TKey, long> _counts = new("counts");
        private readonly HashSet<TKey> _changed = [];

        public override IReadOnlyList<IStateStore> Stores => [_counts];

        public override void OnRows(ReadOnlySpan<KeyedRow<TKey, TKey>> rows, in EpochInfo epoch, List<TimedRow<(TKey Key, long Count)>> output, List<TimedRow<TKey>>? lateRows)
        {
            foreach (var row in rows)
            {
                if (epoch.HasWatermark && row.EventTimeMs != EventTime.None && row.EventTimeMs <= epoch.LatenessWatermarkMs)
                {
                    RowsDroppedByWatermark++;
                    lateRows?.Add(new TimedRow<TKey>(row.Value, row.EventTimeMs));
                    continue;
                }

                _counts.GetOrAddRef(row.Key, out _)++;
                _changed.Add(row.Key);
            }
        }

        public override void OnEpochEnd(in EpochInfo epoch, List<TimedRow<(TKey Key, long Count)>> output)
        {
            lock (op.Epochs)
            {
                op.Epochs.Add(epoch);
            }

            if (epoch.Mode == OutputMode.Complete)
            {
                foreach (var (key, count) in _counts.Entries)
                {
                    output.Add(new TimedRow<(TKey, long)>((key, count), EventTime.None));
                }
            }
            else
            {
                foreach (var key in _changed)
                {
                    _counts.TryGet(key, out var count);
                    output.Add(new TimedRow<(TKey, long)>((key, count), EventTime.None));
                }
            }

            _changed.Clear();
        }
    }
}

/// <summary>
/// A count per tumbling event-time window for the engine's tests (Spark's window(...).count() in brief): rows are
/// event times in ms, keyed by window start; a row whose window end is &lt;= the lateness watermark is dropped; Append
/// emits and evicts windows whose end is &lt;= the eviction watermark; Update emits changed windows.
/// </summary>
internal sealed class WindowCount(long sizeMs, string name = "window-count") : StatefulOperator<long, long, (long Start, long Count)>
{
    public override string Name => name;

    public override string? CheckOutputMode(OutputMode mode, bool hasWatermark) =>
        mode == OutputMode.Append && !hasWatermark ? "Append output mode needs a watermark on an aggregation: add WithWatermark before it." : null;

    public override bool NeedsNoDataBatch(OutputMode mode, bool hasWatermark) => hasWatermark && mode != OutputMode.Complete;

    public override StatefulShard<long, long, (long Start, long Count)> CreateShard(int shardId, int numberOfShards) => new Shard(sizeMs);

    public static long WindowOf(long timeMs, long sizeMs) => timeMs - (((timeMs % sizeMs) + sizeMs) % sizeMs);

    private sealed class Shard(long sizeMs) : StatefulShard<long, long, (long Start, long Count)>
    {
        private readonly StateStore<long, long> _windows = new("windows");
        private readonly HashSet<long> _changed = [];

        public override IReadOnlyList<IStateStore> Stores => [_windows];

        public override void OnRows(ReadOnlySpan<KeyedRow<long, long>> rows, in EpochInfo epoch, List<TimedRow<(long Start, long Count)>> output, List<TimedRow<long>>? lateRows)
        {
            foreach (var row in rows)
            {
                if (epoch.HasWatermark && epoch.Mode != OutputMode.Complete && row.Key + sizeMs <= epoch.LatenessWatermarkMs)
                {
                    RowsDroppedByWatermark++;
                    lateRows?.Add(new TimedRow<long>(row.Value, row.EventTimeMs));
                    continue;
                }

                _windows.GetOrAddRef(row.Key, out _)++;
                _changed.Add(row.Key);
            }
        }

        public override void OnEpochEnd(in EpochInfo epoch, List<TimedRow<(long Start, long Count)>> output)
        {
            switch (epoch.Mode)
            {
                case OutputMode.Append:
                    var eviction = epoch.EvictionWatermarkMs;
                    var closed = _windows.Entries.Where(e => e.Key + sizeMs <= eviction).OrderBy(e => e.Key).ToList();
                    foreach (var window in closed)
                    {
                        output.Add(new TimedRow<(long, long)>((window.Key, window.Value), window.Key + sizeMs - 1));
                        _windows.Remove(window.Key);
                    }

                    break;
                case OutputMode.Update:
                    foreach (var start in _changed)
                    {
                        _windows.TryGet(start, out var count);
                        output.Add(new TimedRow<(long, long)>((start, count), start + sizeMs - 1));
                    }

                    var evictBy = epoch.EvictionWatermarkMs;
                    foreach (var start in _windows.Entries.Where(e => e.Key + sizeMs <= evictBy).Select(e => e.Key).ToList())
                    {
                        _windows.Remove(start);
                    }

                    break;
                default:
                    foreach (var (start, count) in _windows.Entries)
                    {
                        output.Add(new TimedRow<(long, long)>((start, count), start + sizeMs - 1));
                    }

                    break;
            }

            _changed.Clear();
        }
    }
}
