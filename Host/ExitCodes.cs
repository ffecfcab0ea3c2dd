namespace Sluice.Host;

/// <summary>The exit codes of the <c>sluice</c> command (documented in its --help and the README).</summary>
public static class ExitCodes
{
    /// <summary>Success, including a graceful stop on Ctrl+C or SIGTERM after the final checkpoint.</summary>
    public const int Ok = 0;

    /// <summary>The job failed while running (a source, operator or sink failed); the message names the stage and cause.</summary>
    public const int JobFailed = 1;

    /// <summary>The command line or the configuration is invalid; the message names the file:line and the fix.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>A checkpoint is corrupt or belongs to an incompatible query; it is never silently ignored.</summary>
    public const int CheckpointError = 3;

    /// <summary>A resource is unavailable: the UI port is in use, the database cannot be reached.</summary>
    public const int Unavailable = 4;

    /// <summary>A second Ctrl+C forced the process to exit before the final checkpoint.</summary>
    public const int Forced = 130;
}
