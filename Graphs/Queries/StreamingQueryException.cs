namespace Sluice.Graphs.Queries;

/// <summary>The one exception family of streaming queries: an invalid query refused at start, or the failure that ended a running one.</summary>
public sealed class StreamingQueryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StreamingQueryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public StreamingQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StreamingQueryException()
        : base("A streaming query failed.")
    {
    }
}
