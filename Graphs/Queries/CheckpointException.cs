namespace Sluice.Graphs.Queries;

/// <summary>
/// A query's checkpoint cannot be used: it is damaged (truncated, corrupt, an entry unreadable, its state journal
/// missing) or it was written by a different query. The message names the file and the fix. Sluice never works around
/// it by starting from zero: restore the checkpoint, or start the query on a new checkpoint location.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public CheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CheckpointException()
        : base("A query's checkpoint cannot be used.")
    {
    }
}
