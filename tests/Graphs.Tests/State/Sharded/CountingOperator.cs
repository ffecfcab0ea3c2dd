using Sluice.Graphs.Queries;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Tests.State.Sharded;

/// <summary>
/// Sums the values per key. At the end of each epoch every shard emits its whole table (key, sum), so the union of
/// the epoch's outputs is the operator's state. A row with key "late" is judged late; key "now" is emitted at once.
/// An optional gate blocks OnRows until the test releases it; a row with key "boom" throws.
/// </summary>
internal sealed class CountingOperator(SemaphoreSlim? gate = null) : StatefulOperator<string, long, (string Key, long Sum)>
{
    public override string Name => "counting";

    public int RowsSeen;

    public override StatefulShard<string, long, (string Key, long Sum)> CreateShard(int shardId, int numberOfShards) => new Shard(this, gate);

    private sealed class Shard(CountingOperator owner, SemaphoreSlim? gate) : StatefulShard<string, long, (string Key, long Sum)>
    {
        private readonly StateStore<string, long> _sums = new("sums");

        public override IReadOnlyList<IStateStore> Stores => [_sums];

        public override void OnRows(ReadOnlySpan<KeyedRow<string, long>> rows, in EpochInfo epoch, RowList<TimedRow<(string Key, long Sum)>> output, List<TimedRow<long>>? lateRows)
        {
            gate?.Wait();
            foreach (var row in rows)
            {
                Interlocked.Increment(ref owner.RowsSeen);
                switch (row.Key)
                {
                    case "boom":
                        throw new InvalidOperationException("boom");
                    case "late":
                        RowsDroppedByWatermark++;
                        lateRows?.Add(new TimedRow<long>(row.Value, row.EventTimeMs));
                        continue;
                    case "now":
                        output.Add(new TimedRow<(string, long)>(("now", row.Value), row.EventTimeMs));
                        continue;
                }

                _sums.GetOrAddRef(row.Key, out _) += row.Value;
            }
        }

        public override void OnEpochEnd(in EpochInfo epoch, RowList<TimedRow<(string Key, long Sum)>> output)
        {
            foreach (var (key, sum) in _sums.Entries) output.Add(new TimedRow<(string, long)>((key, sum), EventTime.None));
            if (_sums.TryGet("evict", out _)) _sums.Remove("evict");
        }
    }
}
