using Sluice.Graphs.Queries.Execution;

namespace Sluice.Graphs.Queries.Plan;

/// <summary>The untyped face of a stateful plan node, for validation, no-data batch decisions and the start of its shards.</summary>
internal interface IStatefulPlanNode
{
    string OperatorName { get; }

    /// <summary>The type of the operator's key (recorded in a checkpoint: state is routed and stored by key).</summary>
    Type KeyType { get; }

    string? CheckOutputMode(OutputMode mode, bool hasWatermark);

    bool NeedsNoDataBatch(OutputMode mode, bool hasWatermark);

    bool HasProcessingTimeTimeout { get; }

    long OutputWatermarkDelayMs { get; }

    /// <summary>Starts the operator's shards on the query's backend (restoring <paramref name="committedEpoch"/>).</summary>
    Task<StatefulRuntime> StartAsync(QueryCompiler compiler, int operatorIndex, long committedEpoch, CancellationToken cancellationToken);
}
