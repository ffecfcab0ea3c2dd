using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Execution;

/// <summary>Everything a query runs with, fixed when it starts.</summary>
internal sealed record QuerySettings
{
    public OutputMode Mode { get; init; } = OutputMode.Append;

    public Trigger Trigger { get; init; } = Trigger.Default;

    public string? Name { get; init; }

    public string? CheckpointLocation { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public StreamingQueryManager Manager { get; init; } = StreamingQueryManager.Default;

    public Materializer? Materializer { get; init; }

    public int NumberOfShards { get; init; } = 8;

    public WatermarkPolicy WatermarkPolicy { get; init; } = WatermarkPolicy.Min;

    /// <summary>Set: the checkpoint is kept in a PostgreSQL schema (and <see cref="CheckpointLocation"/> is null).</summary>
    public PostgresCheckpointLocation? PostgresCheckpoint { get; init; }

    /// <summary>Null: the local backend of the checkpoint location.</summary>
    public IStateBackend? StateBackend { get; init; }

    /// <summary>Set: the state runs in the persistent sharded backend of this actor system (journal in the checkpoint directory).</summary>
    public Actors.ActorSystem? PersistentStateSystem { get; init; }

    /// <summary>True when the checkpoint location is a directory (durable, SQLite) rather than a name (in memory, for the process).</summary>
    public bool HasDirectoryCheckpoint => CheckpointLocation is { } location && IsDirectory(location);

    /// <summary>A location is a directory when it is rooted or contains a directory separator (<c>./ckpt</c>, <c>/var/sluice/q1</c>).</summary>
    public static bool IsDirectory(string location) =>
        Path.IsPathRooted(location) || location.Contains('/', StringComparison.Ordinal) || location.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>Wraps the checkpoint store the query would use (fault injection in crash tests).</summary>
    public Func<ICheckpointStore, ICheckpointStore>? WrapCheckpointStore { get; init; }

    /// <summary>Null: an in-memory store for the checkpoint location.</summary>
    public ICheckpointStore? CheckpointStore { get; init; }

    /// <summary>How many progress records a query keeps.</summary>
    public int ProgressRetention { get; init; } = 100;
}
