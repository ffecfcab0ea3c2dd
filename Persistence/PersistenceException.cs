namespace Sluice.Persistence;

/// <summary>
/// A journal or snapshot store operation failed, or an event was rejected. The message names the persistence id and
/// sequence number involved, the cause, and what to do about it.
/// </summary>
public sealed class PersistenceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PersistenceException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, where, and the fix.</param>
    public PersistenceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed, where, and the fix.</param>
    /// <param name="innerException">The cause.</param>
    public PersistenceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
