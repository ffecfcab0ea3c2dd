using System.Runtime.InteropServices;

namespace Sluice.Graphs.Fusing;

/*
 * The buffer between two islands (an async boundary). One producer (OutputBoundary, upstream island) and one
 * consumer (InputBoundary, downstream island) share a power-of-two ring of T plus a few words:
 *
 *   PublishedTail  elements [0, PublishedTail) are written; the producer publishes in batches (every half buffer,
 *                  at the end of each slice of its island, and before completing), never per element.
 *   Credit         the producer may write element number n only while n < Credit. The consumer starts it at the
 *                  initial buffer size and, whenever the credit left falls to half the capacity, raises it to
 *                  head + capacity: demand travels in batches of half the buffer, and the ring never overflows.
 *   ConsumerWaiting / ProducerWaiting
 *                  a side that found nothing to do sets its flag, issues a full fence, and looks again (Dekker); the
 *                  other side, after publishing (a full fence too), clears the flag with an exchange and, if it was
 *                  set, posts a signal into the waiting side's island. Exactly one of them sees the other's write,
 *                  so no wake-up is lost, and signals are sent only when a side actually waits.
 *   Completed      0 running, 1 completed, 2 failed (Error). Written after the final PublishedTail, so a consumer
 *                  that sees it and then finds head == tail has delivered everything.
 *   Cancelled      set by the consumer when downstream cancels (CancelCause), then the producer is signalled.
 *
 * Elements are copied into the array slots: no allocation per element, no boxing. The consumer clears a slot it
 * read only when T holds references (so the ring does not keep garbage alive).
 */

/// <summary>The shared state of one async boundary; protocol at the top of this file.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class BoundaryChannel<T>
{
    public readonly T[] Buffer;
    public readonly int Mask;
    public readonly int Capacity;
    public readonly int InitialCredit;

    public PaddedLong PublishedTail;
    public PaddedLong Credit;
    public int ConsumerWaiting;
    public int ProducerWaiting;
    public int Completed;
    public Exception? Error;
    public int Cancelled;
    public Exception? CancelCause;

    public BoundaryChannel(int capacity, int initialCredit)
    {
        Capacity = capacity;
        Mask = capacity - 1;
        InitialCredit = Math.Min(initialCredit, capacity);
        Buffer = new T[capacity];
        Credit.Value = InitialCredit;
    }

    public OutputBoundary<T> Producer { get; set; } = null!;

    public InputBoundary<T> Consumer { get; set; } = null!;
}

/// <summary>A long alone on its cache line (producer and consumer words must not share one).</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedLong
{
    [FieldOffset(64)]
    public long Value;
}
