using Sluice.Actors.Sharding;
using Sluice.Graphs.Queries.Execution;

namespace Sluice.Graphs.Tests.Queries;

public sealed class ShardDivisorTests
{
    [Fact]
    public void The_fast_shard_of_a_hash_is_its_remainder_for_every_shard_count_and_edge_hash()
    {
        var random = new Random(20261121);
        var hashes = new List<uint> { 0, 1, 2, uint.MaxValue, uint.MaxValue - 1, int.MaxValue, (uint)int.MaxValue + 1 };
        for (var i = 0; i < 2000; i++)
        {
            hashes.Add((uint)random.NextInt64(0, 1L << 32));
        }

        foreach (var shards in Enumerable.Range(1, 300).Concat([1024, 4096, 65_537, int.MaxValue]))
        {
            var divisor = new ShardDivisor(shards);
            foreach (var hash in hashes)
            {
                Assert.Equal(StableHash.ShardOf(hash, shards), divisor.ShardOf(hash));
            }
        }
    }
}
