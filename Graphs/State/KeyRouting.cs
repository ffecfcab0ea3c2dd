using System.Text.Json;
using Sluice.Actors.Sharding;

namespace Sluice.Graphs.State;

/// <summary>
/// Which shard a key's state lives in: a stable hash (Murmur3) of the key's bytes modulo the number of shards. Strings
/// hash their UTF-8 bytes, integers their 8 little-endian bytes, GUIDs their 16 bytes, anything else its JSON form (the same serialization the
/// state stores use). Operators that place state without a row (initial state) use it, so the engine's router must
/// route rows with it too.
/// </summary>
internal static class KeyRouting
{
    /// <summary>The stable hash of <paramref name="key"/>.</summary>
    public static uint Hash<TKey>(TKey key)
        where TKey : notnull => key switch
        {
            string text => StableHash.Compute(text),
            long value => StableHash.Compute(value),
            int value => StableHash.Compute(value),
            Guid value => HashGuid(value),
            _ => StableHash.Compute(JsonSerializer.SerializeToUtf8Bytes(key, StateSerialization.Options)),
        };

    private static uint HashGuid(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        return StableHash.Compute(bytes);
    }

    /// <summary>The shard of <paramref name="key"/> among <paramref name="numberOfShards"/>.</summary>
    public static int ShardOf<TKey>(TKey key, int numberOfShards)
        where TKey : notnull => StableHash.ShardOf(Hash(key), numberOfShards);
}
