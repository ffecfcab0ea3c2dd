namespace Sluice.Graphs;

/// <summary>A buffer with <see cref="OverflowStrategy.Fail"/> was full when an element arrived.</summary>
public sealed class BufferOverflowException : StreamStageException
{
    /// <summary>Creates the exception for stage <paramref name="stageName"/> with a buffer of <paramref name="size"/>.</summary>
    public BufferOverflowException(string stageName, int size)
        : base(stageName, $"buffer overflow (max capacity was {size}); use a larger buffer or another overflow strategy.")
    {
    }
}
