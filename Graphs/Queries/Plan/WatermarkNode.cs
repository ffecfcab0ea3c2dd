using Sluice.Graphs.Dsl;
using Sluice.Graphs.Queries.Execution;

namespace Sluice.Graphs.Queries.Plan;

/// <summary>WithWatermark: one watermark input of the query (its delay and idle timeout).</summary>
internal sealed class WatermarkNode<T>(PlanNode<T> input, long delayMs, TimeSpan? idleTimeout) : PlanNode<T>
{
    public long DelayMs { get; } = delayMs;

    public TimeSpan? IdleTimeout { get; } = idleTimeout;

    /// <summary>The same watermark over <paramref name="predicate"/> applied to its input (a filter pushed below the watermark).</summary>
    public WatermarkNode<T> WithFilterBelow(Func<T, bool> predicate) => new(new WhereNode<T>(input, predicate), DelayMs, IdleTimeout);

    public override IReadOnlyList<PlanNode> Inputs => [input];

    public override bool DefinesWatermark => true;

    public override long? WatermarkDelayMs => DelayMs;

    public override Source<Element<T>, NotUsed> Compile(QueryCompiler compiler)
    {
        var index = compiler.WatermarkInputs.Count;
        compiler.WatermarkInputs.Add(new WatermarkInput(DelayMs, IdleTimeout));
        return input.Compile(compiler).Via(new WatermarkStage<T>(index));
    }
}

/// <summary>A watermark input as the coordinator tracks it.</summary>
internal sealed record WatermarkInput(long DelayMs, TimeSpan? IdleTimeout);
