using System.Collections;
using System.Runtime.CompilerServices;

namespace Sluice.Graphs.State;

/*
 * An epoch's rows can number millions. Kept in a List<T> they would live in one array that doubles as it grows: every
 * doubling past 85,000 bytes lands on the large object heap, whose allocations are paid for with full (gen2)
 * collections. Kept in segments of at most 64 KiB, rows stay on the small object heap, nothing is copied as the list
 * grows, and a full collection is no more likely than for any other short-lived allocation.
 */

/// <summary>
/// An append-only list of rows stored in small segments, never on the large object heap: the output a
/// <see cref="StatefulShard{TKey, TIn, TOut}"/> adds its rows to, and an epoch's rows on their way to the sink.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public sealed class RowList<T> : IReadOnlyList<T>
{
    private static readonly int Shift = SegmentShift();
    private static readonly int Mask = (1 << Shift) - 1;

    private T[][] _segments = [];
    private int _count;

    /// <summary>How many elements a segment holds: a power of two, so that an index splits with a shift and a mask.</summary>
    internal static int SegmentLength => 1 << Shift;

    /// <inheritdoc />
    public int Count => _count;

    /// <inheritdoc />
    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside the {_count} rows.");
            }

            return _segments[index >> Shift][index & Mask];
        }
    }

    /// <summary>Appends <paramref name="item"/>.</summary>
    public void Add(T item)
    {
        var segment = _count >> Shift;
        var offset = _count & Mask;
        if (offset == 0)
        {
            if (segment == _segments.Length)
            {
                Array.Resize(ref _segments, Math.Max(4, segment * 2));
            }

            _segments[segment] ??= new T[1 << Shift]; // kept by Clear
        }

        _segments[segment][offset] = item;
        _count++;
    }

    /// <summary>Removes every row (keeping the segments for reuse).</summary>
    public void Clear()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            for (var segment = 0; segment <= (_count - 1) >> Shift && _count > 0; segment++)
            {
                Array.Clear(_segments[segment]);
            }
        }

        _count = 0;
    }

    /// <summary>Appends <paramref name="items"/> in order.</summary>
    public void AddRange(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items is RowList<T> rows)
        {
            foreach (var item in rows)
            {
                Add(item);
            }

            return;
        }

        foreach (var item in items)
        {
            Add(item);
        }
    }

    /// <summary>Elements [<paramref name="start"/>, start + <paramref name="count"/>), segment by segment, without copying.</summary>
    internal IEnumerable<T> Range(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > _count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Range [{start}, {start + count}) is outside the {_count} rows.");
        }

        return count == 0 ? [] : Iterate(start, count);
    }

    /// <summary>Enumerates the rows in order without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => Range(0, _count).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<T>)this).GetEnumerator();

    private IEnumerable<T> Iterate(int start, int count)
    {
        var end = start + count;
        for (var position = start; position < end;)
        {
            var segment = _segments[position >> Shift];
            var from = position & Mask;
            var take = Math.Min(segment.Length - from, end - position);
            for (var i = from; i < from + take; i++)
            {
                yield return segment[i];
            }

            position += take;
        }
    }

    private static int SegmentShift()
    {
        var size = Math.Max(1, Unsafe.SizeOf<T>());
        var shift = 4;
        while (shift < 16 && (size << (shift + 1)) <= 64 * 1024)
        {
            shift++;
        }

        return shift;
    }

    /// <summary>Enumerates the rows in order (a struct: <c>foreach</c> over a <see cref="RowList{T}"/> allocates nothing).</summary>
    public struct Enumerator(RowList<T> list)
    {
        private int _index = -1;

        /// <summary>The current row.</summary>
        public readonly T Current => list._segments[_index >> Shift][_index & Mask];

        /// <summary>Moves to the next row; false after the last.</summary>
        public bool MoveNext() => ++_index < list._count;
    }
}
