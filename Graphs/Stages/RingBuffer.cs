namespace Sluice.Graphs.Stages;

/// <summary>A fixed-capacity FIFO used by buffering stages; no allocation after construction.</summary>
internal sealed class RingBuffer<T>
{
    private readonly T[] _items;
    private int _head;
    private int _count;

    public RingBuffer(int capacity) => _items = new T[capacity];

    public int Count => _count;

    public int Capacity => _items.Length;

    public bool IsFull => _count == _items.Length;

    public bool IsEmpty => _count == 0;

    public void Enqueue(T item)
    {
        _items[(_head + _count) % _items.Length] = item;
        _count++;
    }

    public T Dequeue()
    {
        var item = _items[_head];
        _items[_head] = default!;
        _head = (_head + 1) % _items.Length;
        _count--;
        return item;
    }

    public T Peek() => _items[_head];

    public void DropTail()
    {
        _count--;
        _items[(_head + _count) % _items.Length] = default!;
    }

    /// <summary>
    /// Adds <paramref name="item"/>, making room as <paramref name="strategy"/> says when full (DropHead, DropTail,
    /// DropBuffer). Returns false when the item was not taken: full with DropNew, Backpressure or Fail.
    /// </summary>
    public bool EnqueueOrOverflow(T item, OverflowStrategy strategy)
    {
        if (IsFull)
        {
            switch (strategy)
            {
                case OverflowStrategy.DropHead:
                    Dequeue();
                    break;
                case OverflowStrategy.DropTail:
                    DropTail();
                    break;
                case OverflowStrategy.DropBuffer:
                    Clear();
                    break;
                default:
                    return false;
            }
        }

        Enqueue(item);
        return true;
    }

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
    }
}
