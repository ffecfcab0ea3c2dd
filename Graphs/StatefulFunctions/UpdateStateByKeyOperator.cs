using Sluice.Graphs.State;

namespace Sluice.Graphs.StatefulFunctions;

/// <summary>DStreams' updateStateByKey: every epoch, every key with state or new values gets a new state (or loses it).</summary>
internal sealed class UpdateStateByKeyOperator<TKey, TIn, TState>(
    StateUpdate<TIn, TState> update,
    IEnumerable<KeyValuePair<TKey, TState>>? initialState) : StatefulOperator<TKey, TIn, (TKey Key, TState State)>
    where TKey : notnull
{
    private readonly KeyValuePair<TKey, TState>[] _initialState = InitialState.Validate(initialState, "UpdateStateByKey");

    public override string Name => "updateStateByKey";

    public StateUpdate<TIn, TState> Update { get; } = update;

    public override StatefulShard<TKey, TIn, (TKey Key, TState State)> CreateShard(int shardId, int numberOfShards) =>
        new UpdateStateByKeyShard<TKey, TIn, TState>(Update, InitialState.ForShard(_initialState, shardId, numberOfShards));
}
