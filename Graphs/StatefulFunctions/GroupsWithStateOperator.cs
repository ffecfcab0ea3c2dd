using Sluice.Graphs.Queries;
using Sluice.Graphs.State;

namespace Sluice.Graphs.StatefulFunctions;

/// <summary>
/// Spark's mapGroupsWithState / flatMapGroupsWithState: a user function called once per key with the key's new values
/// (in arrival order) and its <see cref="GroupState{TState}"/>, then once per timed-out key without values.
/// </summary>
internal sealed class GroupsWithStateOperator<TKey, TIn, TState, TOut> : StatefulOperator<TKey, TIn, TOut>
    where TKey : notnull
{
    private readonly KeyValuePair<TKey, TState>[] _initialState;

    /// <summary>Creates the operator; exactly one of <paramref name="map"/> and <paramref name="flatMap"/> is set.</summary>
    public GroupsWithStateOperator(
        Func<TKey, IReadOnlyList<TIn>, GroupState<TState>, TOut>? map,
        Func<TKey, IReadOnlyList<TIn>, GroupState<TState>, IEnumerable<TOut>>? flatMap,
        OutputMode functionMode,
        GroupStateTimeout timeout,
        IEnumerable<KeyValuePair<TKey, TState>>? initialState)
    {
        Map = map;
        FlatMap = flatMap;
        FunctionMode = functionMode;
        Timeout = timeout;
        _initialState = InitialState.Validate(initialState, DslName);
    }

    public override string Name => Map is null ? "flatMapGroupsWithState" : "mapGroupsWithState";

    public Func<TKey, IReadOnlyList<TIn>, GroupState<TState>, TOut>? Map { get; }

    public Func<TKey, IReadOnlyList<TIn>, GroupState<TState>, IEnumerable<TOut>>? FlatMap { get; }

    /// <summary>The output mode the function was declared with (Update for MapWithState).</summary>
    public OutputMode FunctionMode { get; }

    public GroupStateTimeout Timeout { get; }

    public override bool HasProcessingTimeTimeout => Timeout == GroupStateTimeout.ProcessingTimeTimeout;

    private string DslName => Map is null ? "FlatMapWithState" : "MapWithState";

    public override string? CheckOutputMode(OutputMode mode, bool hasWatermark)
    {
        if (Timeout == GroupStateTimeout.EventTimeTimeout && !hasWatermark)
        {
            return $"{DslName} with GroupStateTimeout.EventTimeTimeout needs a watermark: call WithWatermark on the input before {DslName}.";
        }

        if (Map is not null && mode != OutputMode.Update)
        {
            return $"MapWithState supports only OutputMode.Update (Spark's mapGroupsWithState), not {mode}: run the query in Update mode, "
                + "or use FlatMapWithState with OutputMode.Append.";
        }

        if (Map is null && mode != FunctionMode)
        {
            return $"FlatMapWithState was declared with OutputMode.{FunctionMode} but the query runs in {mode}: "
                + $"declare the function with OutputMode.{mode}" + (mode == OutputMode.Complete ? " (Complete is not supported: use Append or Update)." : ", or run the query in that mode.");
        }

        return null;
    }

    public override bool NeedsNoDataBatch(OutputMode mode, bool hasWatermark) =>
        Timeout == GroupStateTimeout.EventTimeTimeout && hasWatermark;

    public override StatefulShard<TKey, TIn, TOut> CreateShard(int shardId, int numberOfShards) =>
        new GroupsWithStateShard<TKey, TIn, TState, TOut>(this, InitialState.ForShard(_initialState, shardId, numberOfShards));
}
