using System.Runtime.CompilerServices;
using System.Text.Json;
using Sluice.Actors.Sharding;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Execution;

/// <summary>
/// The stable hash of a routing key: strings by their UTF-8 bytes, integers by their value, anything else by its JSON
/// serialization (the same settings as the state stores), so a key lands in the same shard in every process.
/// Operators that place state without a row (initial state of MapWithState) compute the same function: the two must
/// never differ (integers hash as 8 little-endian bytes of a long).
/// </summary>
internal static class KeyHasher<TKey>
    where TKey : notnull
{
    public static uint Hash(TKey key)
    {
        if (typeof(TKey) == typeof(long))
        {
            return StableHash.Compute(Unsafe.As<TKey, long>(ref key));
        }

        if (typeof(TKey) == typeof(int))
        {
            return StableHash.Compute(Unsafe.As<TKey, int>(ref key));
        }

        if (typeof(TKey) == typeof(string))
        {
            return StableHash.Compute(Unsafe.As<TKey, string>(ref key));
        }

        return StableHash.Compute(JsonSerializer.SerializeToUtf8Bytes(key, StateSerialization.Options));
    }
}

/// <summary>
/// <see cref="StableHash.ShardOf"/> for a fixed number of shards without a division per row: Lemire's fastmod, exact
/// for every 32-bit hash (the same shard as <c>hash % numberOfShards</c>).
/// </summary>
internal readonly struct ShardDivisor(int numberOfShards)
{
    private readonly ulong _multiplier = (ulong.MaxValue / (uint)numberOfShards) + 1;
    private readonly uint _divisor = (uint)numberOfShards;

    public int ShardOf(uint hash) => (int)(((((_multiplier * hash) >> 32) + 1) * _divisor) >> 32);
}
