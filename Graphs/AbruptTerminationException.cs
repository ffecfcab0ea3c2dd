namespace Sluice.Graphs;

/// <summary>A stream was stopped from outside (its materializer shut down) before it finished.</summary>
public sealed class AbruptTerminationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AbruptTerminationException()
        : base("The stream was stopped before it finished.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public AbruptTerminationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and <paramref name="inner"/>.</summary>
    public AbruptTerminationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
