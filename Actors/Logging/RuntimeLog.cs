using Microsoft.Extensions.Logging;

namespace Sluice.Actors.Logging;

/// <summary>The runtime's log messages, source-generated (no formatting cost when the level is off).</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(1, LogLevel.Warning, "{ChildPath} failed and is resumed: {Reason}")]
    public static partial void ChildResumed(this ILogger log, Exception cause, ActorPath childPath, string reason);

    [LoggerMessage(2, LogLevel.Error, "{ChildPath} failed and is restarted: {Reason}")]
    public static partial void ChildRestarted(this ILogger log, Exception cause, ActorPath childPath, string reason);

    [LoggerMessage(3, LogLevel.Error, "{ChildPath} failed and is stopped: {Reason}")]
    public static partial void ChildStopped(this ILogger log, Exception cause, ActorPath childPath, string reason);

    [LoggerMessage(4, LogLevel.Error, "{ChildPath} failed more than {MaxRetries} times within {Window} and is stopped: {Reason}")]
    public static partial void ChildRetriesExhausted(this ILogger log, Exception cause, ActorPath childPath, int maxRetries, TimeSpan window, string reason);

    [LoggerMessage(5, LogLevel.Error, "{ChildPath} failed; all {Count} children are restarted: {Reason}")]
    public static partial void AllChildrenRestarted(this ILogger log, Exception cause, ActorPath childPath, int count, string reason);

    [LoggerMessage(6, LogLevel.Error, "{ActorPath} failed while stopping: {Reason}")]
    public static partial void FailedWhileStopping(this ILogger log, Exception cause, ActorPath actorPath, string reason);

    [LoggerMessage(7, LogLevel.Error, "{Hook} of {ActorPath} threw: {Reason}")]
    public static partial void HookThrew(this ILogger log, Exception cause, string hook, ActorPath actorPath, string reason);

    [LoggerMessage(8, LogLevel.Information, "Message [{MessageType}] from {Sender} to {Recipient} was not delivered{Reason}. Dead letters so far: {Total}.")]
    public static partial void DeadLetter(this ILogger log, string messageType, string sender, ActorPath recipient, string reason, long total);

    [LoggerMessage(9, LogLevel.Information, "{Count} more dead letters were not logged (at most sluice.actor.dead-letters-log-max per dead-letters-log-interval).")]
    public static partial void DeadLettersSuppressed(this ILogger log, int count);

    [LoggerMessage(10, LogLevel.Warning, "{Warning}")]
    public static partial void ConfigurationWarning(this ILogger log, string warning);
}
