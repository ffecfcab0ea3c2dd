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

        public override void OnRows(ReadOnlySpan<KeyedRow<TKey, TKey>> rows, in EpochInfo epoch, RowList<TimedRow<(TKey Key, long Count)>> output, List<TimedRow<TKey>>? lateRows)
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

        public override void OnEpochEnd(in EpochInfo epoch, RowList<TimedRow<(TKey Key, long Count)>> output)
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

        public override void OnRows(ReadOnlySpan<KeyedRow<long, long>> rows, in EpochInfo epoch, RowList<TimedRow<(long Start, long Count)>> output, List<TimedRow<long>>? lateRows)
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

        public override void OnEpochEnd(in EpochInfo epoch, RowList<TimedRow<(long Start, long Count)>> output)
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

/// <summary>An inner equi-join for the engine's tests: both sides buffered forever per key, each new row joined with the other side's buffer.</summary>
internal sealed class BufferingJoin : StatefulOperator<string, JoinInput<string, string>, (string Left, string Right)>
{
    public override string Name => "join";

    public override StatefulShard<string, JoinInput<string, string>, (string Left, string Right)> CreateShard(int shardId, int numberOfShards) => new Shard();

    private sealed class Shard : StatefulShard<string, JoinInput<string, string>, (string Left, string Right)>
    {
        private readonly StateStore<string, List<string>> _left = new("left");
        private readonly StateStore<string, List<string>> _right = new("right");

        public override IReadOnlyList<IStateStore> Stores => [_left, _right];

        public override void OnRows(ReadOnlySpan<KeyedRow<string, JoinInput<string, string>>> rows, in EpochInfo epoch, RowList<TimedRow<(string Left, string Right)>> output, List<TimedRow<JoinInput<string, string>>>? lateRows)
        {
            foreach (var row in rows)
            {
                var (mine, other, value) = row.Value.IsLeft ? (_left, _right, row.Value.Left) : (_right, _left, row.Value.Right);
                if (other.TryGet(row.Key, out var matches))
                {
                    foreach (var match in matches)
                    {
                        output.Add(new TimedRow<(string, string)>(row.Value.IsLeft ? (value, match) : (match, value), EventTime.None));
                    }
                }

                ref var list = ref mine.GetOrAddRef(row.Key, out _);
                (list ??= []).Add(value);
            }
        }

        public override void OnEpochEnd(in EpochInfo epoch, RowList<TimedRow<(string Left, string Right)>> output)
        {
        }
    }
}

/// <summary>Emits, at the end of every epoch, its id and batch timestamp: an operator with processing-time timeouts runs a batch at every trigger.</summary>
internal sealed class EpochTicker : StatefulOperator<int, int, (long Epoch, long TimestampMs)>
{
    public override string Name => "ticker";

    public override bool HasProcessingTimeTimeout => true;

    public override StatefulShard<int, int, (long Epoch, long TimestampMs)> CreateShard(int shardId, int numberOfShards) => new Shard(shardId);

    private sealed class Shard(int shardId) : StatefulShard<int, int, (long Epoch, long TimestampMs)>
    {
        private readonly StateStore<int, int> _none = new("none");

        public override IReadOnlyList<IStateStore> Stores => [_none];

        public override void OnRows(ReadOnlySpan<KeyedRow<int, int>> rows, in EpochInfo epoch, RowList<TimedRow<(long Epoch, long TimestampMs)>> output, List<TimedRow<int>>? lateRows)
        {
        }

        public override void OnEpochEnd(in EpochInfo epoch, RowList<TimedRow<(long Epoch, long TimestampMs)>> output)
        {
            if (shardId == 0)
            {
                output.Add(new TimedRow<(long, long)>((epoch.EpochId, epoch.BatchTimestampMs), EventTime.None));
            }
        }
    }
}
