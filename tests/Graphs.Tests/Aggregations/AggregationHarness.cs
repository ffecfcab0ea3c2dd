using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Plan;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Tests.Aggregations;

/// <summary>A plan leaf that stands for a source: the DSL needs one to build on.</summary>
internal sealed class TestSourceNode : PlanNode
{
    public override IReadOnlyList<PlanNode> Inputs => [];

    public static DataStream<T> Stream<T>() => new(new TestSourceNode());
}

/// <summary>
/// Drives one shard of the stateful operator at the end of a DSL-built stream the way the engine does in micro-batch
/// mode (DESIGN 4.5 rules 1, 2): the watermark is max event time - delay, computed at the end of a batch and used by
/// the next; a batch that raised it is followed by a no-data batch when the operator asks for one. Steps mirror
/// Spark's StreamTest: AddData returns the rows of the data batch and of the no-data batch it caused.
/// </summary>
internal sealed class AggregationHarness<TIn, TKey, TOut>
    where TKey : notnull
{
    private readonly Func<TIn, TKey> _key;
    private readonly Func<TIn, long> _time;
    private readonly long? _delayMs;
    private readonly OutputMode _mode;
    private StatefulShard<TKey, TIn, TOut> _shard;
    private long _epoch;
    private long _maxEventTime = long.MinValue;

    public AggregationHarness(DataStream<TOut> stream, OutputMode mode, Func<TIn, long> timeMs, TimeSpan? watermarkDelay)
    {
        var node = (StatefulNode<TIn, TKey, TOut>)stream.Node;
        Operator = node.Operator;
        _key = node.Key;
        _time = timeMs;
        _mode = mode;
        _delayMs = watermarkDelay is null ? null : (long)watermarkDelay.Value.TotalMilliseconds;
        _shard = Operator.CreateShard(0, 1);
    }

    public StatefulOperator<TKey, TIn, TOut> Operator { get; }

    public long Watermark { get; private set; }

    public long LastDroppedByWatermark { get; private set; }

    public List<TIn> LateRows { get; } = [];

    public bool CollectLate { get; set; }

    /// <summary>False to skip the no-data batches (as Trigger.Once does).</summary>
    public bool RunNoDataBatches { get; set; } = true;

    public int StateRows => _shard.Stores.Sum(s => s.Count);

    /// <summary>The changelog of every epoch so far, per store name.</summary>
    public List<Dictionary<string, byte[]>> Changelog { get; } = [];

    /// <summary>Runs a batch with <paramref name="rows"/>, then the no-data batch it calls for; returns the rows of both.</summary>
    public List<TOut> AddData(params TIn[] rows)
    {
        var output = RunBatch(rows);
        LastDroppedByWatermark = _shard.RowsDroppedByWatermark;
        _shard.ResetEpochCounters();
        var before = Watermark;
        if (_delayMs is { } delay && rows.Length > 0)
        {
            Watermark = Math.Max(Watermark, _maxEventTime - delay);
        }

        if (RunNoDataBatches && Watermark > before && Operator.NeedsNoDataBatch(_mode, _delayMs is not null))
        {
            output.AddRange(RunBatch([]));
            _shard.ResetEpochCounters();
        }

        return output;
    }

    /// <summary>Runs one batch with explicit watermarks, as a chained operator sees them.</summary>
    public List<TOut> RunEpoch(long latenessWatermark, long evictionWatermark, params TIn[] rows)
    {
        var output = RunBatch(rows, latenessWatermark, evictionWatermark);
        LastDroppedByWatermark = _shard.RowsDroppedByWatermark;
        _shard.ResetEpochCounters();
        return output;
    }

    /// <summary>Replaces the shard by a new one restored from the snapshot of every store (a restart from a checkpoint).</summary>
    public void RestartFromSnapshot()
    {
        var snapshots = _shard.Stores.ToDictionary(s => s.Name, s => s.Snapshot());
        _shard = Operator.CreateShard(0, 1);
        foreach (var store in _shard.Stores)
        {
            store.Restore(snapshots[store.Name]);
        }
    }

    /// <summary>Replaces the shard by a new one rebuilt from the changelog of every epoch (recovery without a snapshot).</summary>
    public void RestartFromChangelog()
    {
        _shard = Operator.CreateShard(0, 1);
        foreach (var epoch in Changelog)
        {
            foreach (var store in _shard.Stores)
            {
                store.ApplyChanges(epoch[store.Name]);
            }
        }
    }

    private List<TOut> RunBatch(TIn[] rows, long? latenessWatermark = null, long? evictionWatermark = null)
    {
        var info = new EpochInfo(_epoch++, 0, latenessWatermark ?? Watermark, evictionWatermark ?? Watermark, _mode, _delayMs is not null || latenessWatermark is not null);
        var keyed = new KeyedRow<TKey, TIn>[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var time = _time(rows[i]);
            keyed[i] = new KeyedRow<TKey, TIn>(_key(rows[i]), time, rows[i]);
            _maxEventTime = Math.Max(_maxEventTime, time);
        }

        var output = new RowList<TimedRow<TOut>>();
        var late = CollectLate ? new List<TimedRow<TIn>>() : null;

        // Hand the rows over in two batches, as the routing stage may.
        var half = keyed.Length / 2;
        _shard.OnRows(keyed.AsSpan(0, half), info, output, late);
        _shard.OnRows(keyed.AsSpan(half), info, output, late);
        _shard.OnEpochEnd(info, output);
        if (late is not null)
        {
            LateRows.AddRange(late.Select(r => r.Value));
        }

        Changelog.Add(_shard.Stores.ToDictionary(s => s.Name, s => s.TakeChanges()));
        LastOutput = output;
        return output.Select(r => r.Value).ToList();
    }

    /// <summary>The last batch's rows with their event times.</summary>
    public RowList<TimedRow<TOut>> LastOutput { get; private set; } = new();
}
