namespace Sluice.Graphs;

/// <summary>What a <c>Buffer</c> (or a queue source) does with a new element when it is full.</summary>
public enum OverflowStrategy
{
    /// <summary>Stop pulling upstream until there is room (queue: the offer waits).</summary>
    Backpressure,

    /// <summary>Drop the oldest buffered element to make room.</summary>
    DropHead,

    /// <summary>Drop the newest buffered element to make room.</summary>
    DropTail,

    /// <summary>Drop every buffered element to make room.</summary>
    DropBuffer,

    /// <summary>Drop the new element.</summary>
    DropNew,

    /// <summary>Fail the stream with a <see cref="BufferOverflowException"/>.</summary>
    Fail,
}
