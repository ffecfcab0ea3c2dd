using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        if (TryComputeAscii(text, out var ascii))
        {
            return ascii;
        }

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

    /// <summary>
    /// The hash of an ASCII string straight from its characters (its UTF-8 bytes are its characters, one byte each),
    /// without transcoding; false, and a hash to ignore, when a character is not ASCII.
    /// </summary>
    private static bool TryComputeAscii(string text, out uint hash)
    {
        var length = text.Length;
        ref var first = ref MemoryMarshal.GetReference(text.AsSpan());
        uint h = 0;
        uint seen = 0; // every character ORed: above 0x7F means one was not ASCII
        var i = 0;
        for (; i + 4 <= length; i += 4)
        {
            uint c0 = Unsafe.Add(ref first, i), c1 = Unsafe.Add(ref first, i + 1), c2 = Unsafe.Add(ref first, i + 2), c3 = Unsafe.Add(ref first, i + 3);
            seen |= c0 | c1 | c2 | c3;
            h ^= MixKey(c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
            h = (BitOperations.RotateLeft(h, 13) * 5) + 0xe6546b64;
        }

        uint k = 0;
        for (var shift = 0; i < length; i++, shift += 8)
        {
            uint c = Unsafe.Add(ref first, i);
            seen |= c;
            k |= c << shift;
        }

        if ((length & 3) != 0)
        {
            h ^= MixKey(k);
        }

        hash = Finish(h ^ (uint)length);
        return seen <= 0x7F;
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
