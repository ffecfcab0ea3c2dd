namespace Sluice.Host.Jobs;

/// <summary>
/// The database a job's checkpoint is kept in cannot be reached (the server is down, or the host or port is wrong): the
/// <c>sluice</c> command exits with <see cref="ExitCodes.Unavailable"/>. The message names the job, the setting, the
/// server, the cause and the fix.
/// </summary>
public sealed class CheckpointUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What cannot be reached, from where, and the fix.</param>
    public CheckpointUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What cannot be reached, from where, and the fix.</param>
    /// <param name="inner">The connection error.</param>
    public CheckpointUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
