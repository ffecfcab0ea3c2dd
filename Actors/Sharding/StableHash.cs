using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Sluice.Actors.Sharding;

/// <summary>
/// A hash that is the same in every process, on every machine, forever (MurmurHash3, x86 32-bit): it decides which
/// shard holds a key's state, so it must never be <see cref="string.GetHashCode()"/>, which .NET randomizes per process.
/// </summary>
public static class StableHash
{
    private const uint C1 = 0xcc9e2d51;
    private const uint C2 = 0x1b873593;

    /// <summary>The hash of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data, uint seed = 0)
    {
        var h = seed;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            h ^= MixKey(BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4)));
            h = (BitOperations.RotateLeft(h, 13) * 5) + 0xe6546b64;
        }

        var tail = data[(blocks * 4)..];
        uint k = 0;
        switch (tail.Length)
        {
            case 3:
                k ^= (uint)tail[2] << 16;
                goto case 2;
            case 2:
                k ^= (uint)tail[1] << 8;
                goto case 1;
            case 1:
                k ^= tail[0];
                h ^= MixKey(k);
                break;
        }

        h ^= (uint)data.Length;
        return Finish(h);
    }

    /// <summary>The hash of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static uint Compute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= 512)
        {
            Span<byte> buffer = stackalloc byte[max];
            var written = Encoding.UTF8.GetBytes(text, buffer);
            return Compute(buffer[..written]);
        }

        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var written = Encoding.UTF8.GetBytes(text, rented);
            return Compute(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The hash of the 8 little-endian bytes of <paramref name="value"/>.</summary>
    public static uint Compute(long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        return Compute(buffer);
    }

    /// <summary>The shard of <paramref name="hash"/> among <paramref name="numberOfShards"/>.</summary>
    public static int ShardOf(uint hash, int numberOfShards)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numberOfShards);
        return (int)(hash % (uint)numberOfShards);
    }

    private static uint MixKey(uint k)
    {
        k *= C1;
        k = BitOperations.RotateLeft(k, 15);
        return k * C2;
    }

    private static uint Finish(uint h)
    {
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }
}
