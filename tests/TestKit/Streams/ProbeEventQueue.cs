namespace Sluice.TestKit.Streams;

/// <summary>A thread-safe FIFO of probe events with timed waits.</summary>
internal sealed class ProbeEventQueue<TEvent>
{
    private readonly Queue<TEvent> _events = new();
    private readonly object _gate = new();

    public void Add(TEvent e)
    {
        lock (_gate)
        {
            _events.Enqueue(e);
            Monitor.PulseAll(_gate);
        }
    }

    public bool TryTake(TimeSpan timeout, out TEvent e)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (_events.Count == 0)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    e = default!;
                    return false;
                }

                Monitor.Wait(_gate, left);
            }

            e = _events.Dequeue();
            return true;
        }
    }
}
