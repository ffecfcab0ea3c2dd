namespace Sluice.Graphs;

/// <summary>Raised when something talks to a stage that has already stopped (a late callback, a closed queue).</summary>
public sealed class StreamDetachedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StreamDetachedException()
        : base("The stream stage has already stopped.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public StreamDetachedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and <paramref name="inner"/>.</summary>
    public StreamDetachedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
