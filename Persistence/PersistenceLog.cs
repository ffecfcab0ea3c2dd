using Microsoft.Extensions.Logging;

namespace Sluice.Persistence;

/// <summary>Log messages of the persistence layer.</summary>
internal static partial class PersistenceLog
{
    [LoggerMessage(101, LogLevel.Error, "Failed to persist event type [{EventType}] with sequence number {SequenceNr} for persistence id '{PersistenceId}'; the actor is stopped (its supervisor may restart it, then it recovers).")]
    public static partial void PersistFailed(ILogger logger, Exception cause, string eventType, long sequenceNr, string persistenceId);

    [LoggerMessage(102, LogLevel.Warning, "Rejected to persist event type [{EventType}] with sequence number {SequenceNr} for persistence id '{PersistenceId}': {Reason}")]
    public static partial void PersistRejected(ILogger logger, Exception cause, string eventType, long sequenceNr, string persistenceId, string reason);

    [LoggerMessage(103, LogLevel.Error, "{Message}")]
    public static partial void RecoveryFailed(ILogger logger, Exception cause, string message);

    [LoggerMessage(104, LogLevel.Warning, "Closing the persistence stores failed: {Reason}")]
    public static partial void DisposeFailed(ILogger logger, Exception cause, string reason);
}
