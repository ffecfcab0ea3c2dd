using Sluice.Graphs.State;

namespace Sluice.Graphs.StatefulFunctions;

/// <summary>DStreams' mapWithState: a function per input row with the key's state; idle keys time out in processing time.</summary>
internal sealed class MapWithStateOperator<TKey, TIn, TState, TOut> : StatefulOperator<TKey, TIn, TOut>
    where TKey : notnull
{
    private readonly KeyValuePair<TKey, TState>[] _initialState;

    public MapWithStateOperator(StateSpec<TKey, TIn, TState, TOut> spec)
    {
        ArgumentNullException.ThrowIfNull(spec.Function, nameof(spec));
        if (spec.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), timeout, "StateSpec.Timeout must be positive (or null for no timeout).");
        }

        Function = spec.Function;
        TimeoutMs = spec.Timeout is { } t ? (long)t.TotalMilliseconds : -1;
        _initialState = InitialState.Validate(spec.InitialState, "MapWithState");
    }

    public override string Name => "mapWithState";

    public Func<TKey, TIn?, GroupState<TState>, TOut> Function { get; }

    /// <summary>The idle timeout in ms, or -1 for none.</summary>
    public long TimeoutMs { get; }

    public override bool HasProcessingTimeTimeout => TimeoutMs > 0;

    public override StatefulShard<TKey, TIn, TOut> CreateShard(int shardId, int numberOfShards) =>
        new MapWithStateShard<TKey, TIn, TState, TOut>(this, InitialState.ForShard(_initialState, shardId, numberOfShards));
}
