using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Plan;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Tests.StatefulFunctions;

/// <summary>A plan leaf standing for a query source, so that the public DSL can be called without an engine.</summary>
internal sealed class TestSourceNode : PlanNode
{
    public override IReadOnlyList<PlanNode> Inputs => [];
}

/// <summary>Builds DSL streams and finds the operator a DSL call planned.</summary>
internal static class TestStreams
{
    public static DataStream<T> Source<T>() => new(new TestSourceNode());

    /// <summary>A driver for the keyed operator at the end of <paramref name="stream"/>.</summary>
    public static ShardDriver<TKey, TIn, TOut> Drive<TIn, TKey, TOut>(
        DataStream<TOut> stream, Func<TIn, long>? eventTime = null, bool hasWatermark = false, int numberOfShards = 1, int shardId = 0)
        where TKey : notnull
    {
        var node = (StatefulNode<TIn, TKey, TOut>)stream.Node;
        return new ShardDriver<TKey, TIn, TOut>(node.Operator, node.Key, eventTime, numberOfShards, shardId) { HasWatermark = hasWatermark };
    }

    /// <summary>A driver for the join at the end of <paramref name="stream"/>.</summary>
    public static ShardDriver<TKey, JoinInput<TLeft, TRight>, TOut> DriveJoin<TLeft, TRight, TKey, TOut>(
        DataStream<TOut> stream, Func<TLeft, long> leftTime, Func<TRight, long> rightTime, bool hasWatermark = true)
        where TKey : notnull
    {
        var node = (StatefulJoinNode<TLeft, TRight, TKey, TOut>)stream.Node;
        return new ShardDriver<TKey, JoinInput<TLeft, TRight>, TOut>(
            node.Operator,
            row => row.IsLeft ? node.LeftKey(row.Left) : node.RightKey(row.Right),
            row => row.IsLeft ? leftTime(row.Left) : rightTime(row.Right),
            1,
            0) { HasWatermark = hasWatermark, Mode = OutputMode.Append };
    }
}

/// <summary>
/// Drives one shard of a stateful operator the way the engine does: per epoch, OnRows with the epoch's rows, then
/// OnEpochEnd (also for no-data epochs), then the stores' changes are taken as the epoch's changelog.
/// </summary>
internal sealed class ShardDriver<TKey, TIn, TOut>
    where TKey : notnull
{
    private readonly Func<TIn, TKey> _key;
    private readonly Func<TIn, long>? _eventTime;
    private readonly int _numberOfShards;
    private readonly int _shardId;
    private readonly List<byte[][]> _changelog = [];

    public ShardDriver(StatefulOperator<TKey, TIn, TOut> op, Func<TIn, TKey> key, Func<TIn, long>? eventTime, int numberOfShards, int shardId)
    {
        Operator = op;
        _key = key;
        _eventTime = eventTime;
        _numberOfShards = numberOfShards;
        _shardId = shardId;
        Shard = op.CreateShard(shardId, numberOfShards);
    }

    public StatefulOperator<TKey, TIn, TOut> Operator { get; }

    public StatefulShard<TKey, TIn, TOut> Shard { get; private set; }

    public long NextEpochId { get; private set; }

    public OutputMode Mode { get; init; } = OutputMode.Update;

    public bool HasWatermark { get; init; }

    /// <summary>Rows dropped as late in the last epoch.</summary>
    public long LastDropped { get; private set; }

    /// <summary>The rows judged late in the last epoch.</summary>
    public List<TIn> LastLate { get; } = [];

    /// <summary>The last epoch's output with event times.</summary>
    public RowList<TimedRow<TOut>> LastTimed { get; } = new();

    /// <summary>Runs one epoch and returns its output in emission order.</summary>
    public List<TOut> Epoch(IEnumerable<TIn> rows, long batchTimestampMs = 0, long watermarkMs = 0, int rowsPerCall = int.MaxValue) =>
        Epoch(rows, batchTimestampMs, watermarkMs, watermarkMs, rowsPerCall);

    /// <summary>Runs one epoch with distinct lateness and eviction watermarks (a chained operator).</summary>
    public List<TOut> Epoch(IEnumerable<TIn> rows, long batchTimestampMs, long latenessWatermarkMs, long evictionWatermarkMs, int rowsPerCall = int.MaxValue)
    {
        var epoch = new EpochInfo(NextEpochId++, batchTimestampMs, latenessWatermarkMs, evictionWatermarkMs, Mode, HasWatermark);
        var keyed = rows.Select(r => new KeyedRow<TKey, TIn>(_key(r), _eventTime is null ? EventTime.None : _eventTime(r), r)).ToArray();
        LastTimed.Clear();
        LastLate.Clear();
        var late = new List<TimedRow<TIn>>();
        for (var start = 0; start < keyed.Length; start += rowsPerCall)
        {
            Shard.OnRows(keyed.AsSpan(start, Math.Min(rowsPerCall, keyed.Length - start)), epoch, LastTimed, late);
        }

        Shard.OnEpochEnd(epoch, LastTimed);
        LastLate.AddRange(late.Select(r => r.Value));
        LastDropped = Shard.RowsDroppedByWatermark;
        Shard.ResetEpochCounters();
        _changelog.Add(Shard.Stores.Select(s => s.TakeChanges()).ToArray());
        return LastTimed.Select(r => r.Value).ToList();
    }

    /// <summary>A no-data epoch.</summary>
    public List<TOut> NoData(long batchTimestampMs = 0, long watermarkMs = 0) => Epoch([], batchTimestampMs, watermarkMs);

    /// <summary>Replaces the shard by a new one restored from a snapshot of every store (a restart).</summary>
    public void RestartFromSnapshot()
    {
        var snapshots = Shard.Stores.Select(s => s.Snapshot()).ToArray();
        Shard = Operator.CreateShard(_shardId, _numberOfShards);
        for (var i = 0; i < snapshots.Length; i++)
        {
            Shard.Stores[i].Restore(snapshots[i]);
        }
    }

    /// <summary>Replaces the shard by a new one rebuilt from the changelog of every epoch so far (a recovery without snapshot).</summary>
    public void RestartFromChangelog()
    {
        Shard = Operator.CreateShard(_shardId, _numberOfShards);
        foreach (var entry in _changelog)
        {
            for (var i = 0; i < entry.Length; i++)
            {
                Shard.Stores[i].ApplyChanges(entry[i]);
            }
        }
    }

    /// <summary>The number of keys in each store.</summary>
    public int[] StoreCounts => Shard.Stores.Select(s => s.Count).ToArray();
}
