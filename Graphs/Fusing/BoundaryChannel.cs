using System.Runtime.InteropServices;

namespace Sluice.Graphs.Fusing;

/*
 * The buffer between two islands (an async boundary). One producer (OutputBoundary, upstream island) and one
 * consumer (a BoundaryReader: InputBoundary, or FusedInputBoundary when a plain Select/Where follows the boundary and
 * runs inside it) share a power-of-two ring of T plus a few words. Elements cross in batches: nothing on the
 * per-element path is volatile or interlocked, and each side wakes the other at most once per batch of half the ring
 * (a producer slower than its consumer: at most once per slice of its island). Inside its island each side handles a
 * run of elements per interpreter event while its neighbour answers at once (GraphInterpreter.TakeChasedPush/Pull),
 * and keeps its own copy of Buffer and Mask, so the per-element path touches only the ring's slots.
 *
 *   PublishedTail  elements [0, PublishedTail) are written. The producer writes elements into the ring with plain
 *                  stores and publishes them in batches: when half the ring was written since the last publish, when
 *                  it runs out of credit, at the end of each slice of its island, and before completing.
 *   Credit         the producer may write element number n only while n < Credit. The consumer starts it at the
 *                  initial buffer size and, whenever the credit left falls to half the capacity, raises it to
 *                  head + capacity: demand travels in batches of half the buffer, and the ring never overflows.
 *   ConsumerWaiting / ProducerWaiting
 *                  a side that found nothing to do (ring empty / no credit) sets its flag with an exchange (a full
 *                  fence) and looks again (Dekker); the other side publishes with an exchange too, then reads the
 *                  flag. Exactly one of them sees the other's write, so no wake-up is lost. A waiting side is woken by
 *                  clearing its flag with an exchange (only the one that clears it posts the signal), and only when a
 *                  batch is ready for it:
 *                    - the consumer, when something was published since it started waiting (ConsumerWaitHead) and
 *                      either half the ring is ready, or the producer stops writing for now: out of credit, the end
 *                      of its island's slice (at most one wake-up per slice, whatever it published), completion or
 *                      failure. Within a slice the producer publishes every half ring and wakes only for those;
 *                    - the producer, when credit was raised, which happens once per half ring consumed.
 *   Completed      0 running, 1 completed, 2 failed (Error). Written after the final PublishedTail, so a consumer
 *                  that sees it and then finds head == tail has delivered everything.
 *   Cancelled      set by the consumer when downstream cancels (CancelCause), then the producer is signalled.
 *
 * Elements are copied into the array slots: no allocation per element, no boxing. The consumer clears a slot it
 * read only when T holds references (so the ring does not keep garbage alive). The words each side writes often
 * (PublishedTail, Credit) sit on cache lines of their own.
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
    public long ConsumerWaitHead;
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

    public BoundaryReader<T> Consumer { get; set; } = null!;
}

/// <summary>A long alone on its cache line (producer and consumer words must not share one).</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedLong
{
    [FieldOffset(64)]
    public long Value;
}
