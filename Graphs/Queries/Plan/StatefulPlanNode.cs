using Sluice.Graphs.Queries.Execution;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Plan;

/// <summary>The part every stateful node shares: its operator, seen through <see cref="IStatefulPlanNode"/>.</summary>
internal abstract class StatefulPlanNode<TKey, TIn, TOut>(StatefulOperator<TKey, TIn, TOut> op) : PlanNode<TOut>, IStatefulPlanNode
    where TKey : notnull
{
    public StatefulOperator<TKey, TIn, TOut> Operator { get; } = op;

    public override IStatefulPlanNode Stateful => this;

    public string OperatorName => Operator.Name;

    public Type KeyType => typeof(TKey);

    public bool HasProcessingTimeTimeout => Operator.HasProcessingTimeTimeout;

    public long OutputWatermarkDelayMs => Operator.OutputWatermarkDelayMs;

    public string? CheckOutputMode(OutputMode mode, bool hasWatermark) => Operator.CheckOutputMode(mode, hasWatermark);

    public bool NeedsNoDataBatch(OutputMode mode, bool hasWatermark) => Operator.NeedsNoDataBatch(mode, hasWatermark);

    public Task<StatefulRuntime> StartAsync(QueryCompiler compiler, int operatorIndex, long committedEpoch, CancellationToken cancellationToken) =>
        compiler.StartShardsAsync(Operator, operatorIndex, committedEpoch, cancellationToken);
}
