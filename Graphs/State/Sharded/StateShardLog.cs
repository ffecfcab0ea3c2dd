using Microsoft.Extensions.Logging;

namespace Sluice.Graphs.State.Sharded;

/// <summary>The sharded state backend's log messages, source-generated.</summary>
internal static partial class StateShardLog
{
    [LoggerMessage(1, LogLevel.Warning, "State shard {PersistenceId}: the snapshot of epoch {EpochId} could not be stored ({Reason}); its changelog events are kept and replayed instead.")]
    public static partial void SnapshotFailed(ILogger log, Exception cause, string persistenceId, long epochId, string reason);
}
