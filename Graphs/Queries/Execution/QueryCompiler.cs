using Sluice.Graphs.Queries.Plan;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Execution;

/// <summary>
/// Turns a query plan into the stages of one graph: starts the shards of every stateful operator on the query's
/// backend (in a fixed depth-first order, so operator ids are stable across restarts), then compiles the nodes,
/// registering the source drivers and watermark inputs it meets.
/// </summary>
internal sealed class QueryCompiler(IStateBackend backend, string queryId, int numberOfShards)
{
    private readonly Dictionary<PlanNode, StatefulRuntime> _runtimes = [];

    public List<SourceDriver> Sources { get; } = [];

    public List<WatermarkInput> WatermarkInputs { get; } = [];

    public List<StatefulRuntime> Operators { get; } = [];

    /// <summary>The stateful nodes of <paramref name="root"/>, inputs first.</summary>
    public static List<PlanNode> StatefulNodes(PlanNode root)
    {
        var found = new List<PlanNode>();
        Visit(root);
        return found;

        void Visit(PlanNode node)
        {
            foreach (var input in node.Inputs)
            {
                Visit(input);
            }

            if (node.Stateful is not null)
            {
                found.Add(node);
            }
        }
    }

    /// <summary>True when a WithWatermark node feeds <paramref name="node"/> (itself excluded).</summary>
    public static bool HasWatermarkAbove(PlanNode node) => node.Inputs.Any(i => i.DefinesWatermark || HasWatermarkAbove(i));

    /// <summary>True when a stateful operator feeds <paramref name="node"/> (itself excluded).</summary>
    public static bool HasStatefulAbove(PlanNode node) => node.Inputs.Any(i => i.Stateful is not null || HasStatefulAbove(i));

    /// <summary>The largest watermark delay the stateful operators feeding <paramref name="node"/> add.</summary>
    public static long DelayAbove(PlanNode node) =>
        node.Inputs.Count == 0 ? 0 : node.Inputs.Max(i => (i.Stateful?.OutputWatermarkDelayMs ?? 0) + DelayAbove(i));

    public async Task StartOperatorsAsync(PlanNode root, long committedEpoch, CancellationToken cancellationToken)
    {
        foreach (var node in StatefulNodes(root))
        {
            var runtime = await node.Stateful!.StartAsync(this, Operators.Count, committedEpoch, cancellationToken).ConfigureAwait(false);
            Operators.Add(runtime);
            _runtimes[node] = runtime;
        }
    }

    public async Task<StatefulRuntime> StartShardsAsync<TKey, TIn, TOut>(StatefulOperator<TKey, TIn, TOut> op, int operatorIndex, long committedEpoch, CancellationToken cancellationToken)
        where TKey : notnull
    {
        var operatorId = operatorIndex + "-" + op.Name;
        var shards = await backend.StartAsync(queryId, operatorId, op, numberOfShards, committedEpoch, cancellationToken).ConfigureAwait(false);
        return new StatefulRuntime(operatorId, op.Name, operatorIndex, shards, shards.CommitAsync, shards);
    }

    public StatefulStageSettings<TKey, TIn, TOut> StageSettings<TKey, TIn, TOut>(
        PlanNode node, StatefulOperator<TKey, TIn, TOut> op, Func<TIn, TKey> key, Action<IReadOnlyList<TimedRow<TIn>>, long>? lateRows)
        where TKey : notnull
    {
        var runtime = _runtimes[node];
        return new StatefulStageSettings<TKey, TIn, TOut>(
            op.Name,
            runtime.OperatorIndex,
            key,
            (IOperatorShards<TKey, TIn, TOut>)runtime.Shards,
            HasStatefulAbove(node),
            DelayAbove(node),
            HasWatermarkAbove(node),
            lateRows);
    }
}
