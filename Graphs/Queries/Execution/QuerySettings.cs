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

    /// <summary>Null: the local backend of the checkpoint location.</summary>
    public IStateBackend? StateBackend { get; init; }

    /// <summary>Null: an in-memory store for the checkpoint location.</summary>
    public ICheckpointStore? CheckpointStore { get; init; }

    /// <summary>How many progress records a query keeps.</summary>
    public int ProgressRetention { get; init; } = 100;
}
