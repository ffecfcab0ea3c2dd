namespace Sluice.Graphs.State;

/// <summary>
/// A first-in first-out queue of elements in segments of at most 64 KiB (see <see cref="RowList{T}"/>): an epoch's
/// output waiting for downstream demand never lands on the large object heap, and drained segments are reused.
/// Single-threaded, like the stage that owns it.
/// </summary>
internal sealed class RowQueue<T>
{
    private static readonly int Length = RowList<T>.SegmentLength;

    private readonly Queue<T[]> _full = new();
    private readonly Stack<T[]> _spare = new();
    private T[]? _head; // the segment elements are taken from
    private T[]? _tail; // the segment elements are added to (the head too when there is one segment)
    private int _headIndex;
    private int _tailCount;

    public int Count { get; private set; }

    public void Enqueue(T item)
    {
        if (_tail is null || _tailCount == Length)
        {
            var segment = _spare.Count > 0 ? _spare.Pop() : new T[Length];
            if (_tail is null)
            {
                _head = segment;
                _headIndex = 0;
            }
            else
            {
                _full.Enqueue(segment);
            }

            _tail = segment;
            _tailCount = 0;
        }

        _tail[_tailCount++] = item;
        Count++;
    }

    public T Dequeue()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The queue is empty.");
        }

        var head = _head!;
        var item = head[_headIndex];
        head[_headIndex++] = default!; // let the row go
        Count--;
        if (Count == 0)
        {
            // Empty: start again at the beginning of this segment.
            _headIndex = 0;
            _tailCount = 0;
            _full.Clear();
            _head = _tail;
        }
        else if (_headIndex == Length)
        {
            Recycle(head);
            _head = _full.Dequeue();
            _headIndex = 0;
        }

        return item;
    }

    private void Recycle(T[] segment)
    {
        if (_spare.Count < 4)
        {
            _spare.Push(segment);
        }
    }
}
