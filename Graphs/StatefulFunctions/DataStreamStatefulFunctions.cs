using Sluice.Graphs.Queries;

namespace Sluice.Graphs.StatefulFunctions;

/// <summary>
/// Arbitrary stateful functions on a <see cref="DataStream{T}"/>: Spark Structured Streaming's
/// mapGroupsWithState/flatMapGroupsWithState (<see cref="MapWithState{T,TKey,TState,TOut}(DataStream{T},Func{T,TKey},Func{TKey,IReadOnlyList{T},GroupState{TState},TOut},GroupStateTimeout,IEnumerable{KeyValuePair{TKey,TState}})"/>,
/// <see cref="FlatMapWithState"/>) and DStreams' updateStateByKey and mapWithState.
/// </summary>
public static class DataStreamStatefulFunctions
{
    /// <summary>
    /// Spark's <c>groupByKey(key).mapGroupsWithState(timeout, initialState)(function)</c>: once per epoch for every key
    /// with new rows, <paramref name="function"/> gets the key, its rows in arrival order and its state, and returns one
    /// output row; then once for every key whose timeout passed (no rows, <see cref="GroupState{TState}.HasTimedOut"/>
    /// true). Update output mode only.
    /// </summary>
    /// <param name="stream">The input.</param>
    /// <param name="key">The grouping key.</param>
    /// <param name="function">The user function. The list of rows is valid only during the call.</param>
    /// <param name="timeout">How groups time out.</param>
    /// <param name="initialState">State per key before the first epoch; in epoch 0 the function is called for each of these keys, with or without rows.</param>
    /// <example><code>
    /// events.MapWithState(e => e.User, (user, rows, state) =>
    /// {
    ///     if (state.HasTimedOut) { state.Remove(); return (user, -1); }
    ///     var count = state.GetOrDefault(0) + rows.Count;
    ///     state.Update(count);
    ///     state.SetTimeoutDuration(TimeSpan.FromMinutes(10));
    ///     return (user, count);
    /// }, GroupStateTimeout.ProcessingTimeTimeout);
    /// </code></example>
    public static DataStream<TOut> MapWithState<T, TKey, TState, TOut>(
        this DataStream<T> stream,
        Func<T, TKey> key,
        Func<TKey, IReadOnlyList<T>, GroupState<TState>, TOut> function,
        GroupStateTimeout timeout = GroupStateTimeout.NoTimeout,
        IEnumerable<KeyValuePair<TKey, TState>>? initialState = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(function);
        return stream.Stateful(key, new GroupsWithStateOperator<TKey, T, TState, TOut>(function, null, OutputMode.Update, timeout, initialState));
    }

    /// <summary>
    /// Spark's <c>groupByKey(key).flatMapGroupsWithState(outputMode, timeout, initialState)(function)</c>: like
    /// <see cref="MapWithState{T,TKey,TState,TOut}(DataStream{T},Func{T,TKey},Func{TKey,IReadOnlyList{T},GroupState{TState},TOut},GroupStateTimeout,IEnumerable{KeyValuePair{TKey,TState}})"/>
    /// but each call returns any number of rows. <paramref name="outputMode"/> declares what the rows mean (Append: final
    /// rows; Update: changed rows) and must be the query's output mode.
    /// </summary>
    /// <param name="stream">The input.</param>
    /// <param name="key">The grouping key.</param>
    /// <param name="function">The user function. The list of rows is valid only during the call.</param>
    /// <param name="outputMode">Append or Update, as the query.</param>
    /// <param name="timeout">How groups time out.</param>
    /// <param name="initialState">State per key before the first epoch; in epoch 0 the function is called for each of these keys, with or without rows.</param>
    public static DataStream<TOut> FlatMapWithState<T, TKey, TState, TOut>(
        this DataStream<T> stream,
        Func<T, TKey> key,
        Func<TKey, IReadOnlyList<T>, GroupState<TState>, IEnumerable<TOut>> function,
        OutputMode outputMode,
        GroupStateTimeout timeout = GroupStateTimeout.NoTimeout,
        IEnumerable<KeyValuePair<TKey, TState>>? initialState = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(function);
        return stream.Stateful(key, new GroupsWithStateOperator<TKey, T, TState, TOut>(null, function, outputMode, timeout, initialState));
    }

    /// <summary>
    /// DStreams' <c>mapWithState(StateSpec)</c>: <see cref="StateSpec{TKey,TValue,TState,TOut}.Function"/> runs for every
    /// row with the key's state and its result is emitted; keys idle longer than the spec's timeout are called once more
    /// (timing out) and removed.
    /// </summary>
    /// <param name="stream">The input.</param>
    /// <param name="key">The key.</param>
    /// <param name="spec">The function, idle timeout and initial state.</param>
    public static DataStream<TOut> MapWithState<T, TKey, TState, TOut>(this DataStream<T> stream, Func<T, TKey> key, StateSpec<TKey, T, TState, TOut> spec)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(spec);
        return stream.Stateful(key, new MapWithStateOperator<TKey, T, TState, TOut>(spec));
    }

    /// <summary>
    /// DStreams' <c>updateStateByKey</c>: every epoch, for every key that has state or new rows,
    /// <paramref name="update"/> gets the key's new rows (in arrival order, possibly none) and its state (null when none)
    /// and returns the new state, or null to remove the key. Emits (key, state) for every key with state, every epoch.
    /// </summary>
    /// <param name="stream">The input.</param>
    /// <param name="key">The key.</param>
    /// <param name="update">The update function. The list of rows is valid only during the call.</param>
    /// <param name="initialState">State per key before the first epoch.</param>
    public static DataStream<(TKey Key, TState State)> UpdateStateByKey<T, TKey, TState>(
        this DataStream<T> stream,
        Func<T, TKey> key,
        Func<IReadOnlyList<T>, TState?, TState?> update,
        IEnumerable<KeyValuePair<TKey, TState>>? initialState = null)
        where TKey : notnull
        where TState : class
    {
        ArgumentNullException.ThrowIfNull(update);
        return UpdateStateByKey(
            stream,
            key,
            (IReadOnlyList<T> values, bool exists, TState current, out TState next) =>
            {
                next = update(values, exists ? current : null)!;
                return next is not null;
            },
            initialState);
    }

    /// <summary>
    /// DStreams' <c>updateStateByKey</c> for a value-type state: every epoch, for every key that has state or new rows,
    /// <paramref name="update"/> gets the key's new rows (in arrival order, possibly none) and its state (null when none)
    /// and returns the new state, or null to remove the key. Emits (key, state) for every key with state, every epoch.
    /// </summary>
    /// <param name="stream">The input.</param>
    /// <param name="key">The key.</param>
    /// <param name="update">The update function. The list of rows is valid only during the call.</param>
    /// <param name="initialState">State per key before the first epoch.</param>
    /// <example><code>
    /// words.UpdateStateByKey&lt;string, string, long&gt;(w => w, (rows, count) => (count ?? 0) + rows.Count);
    /// </code></example>
    public static DataStream<(TKey Key, TState State)> UpdateStateByKey<T, TKey, TState>(
        this DataStream<T> stream,
        Func<T, TKey> key,
        Func<IReadOnlyList<T>, TState?, TState?> update,
        IEnumerable<KeyValuePair<TKey, TState>>? initialState = null)
        where TKey : notnull
        where TState : struct
    {
        ArgumentNullException.ThrowIfNull(update);
        return UpdateStateByKey(
            stream,
            key,
            (IReadOnlyList<T> values, bool exists, TState current, out TState next) =>
            {
                var result = update(values, exists ? current : null);
                next = result.GetValueOrDefault();
                return result.HasValue;
            },
            initialState);
    }

    private static DataStream<(TKey Key, TState State)> UpdateStateByKey<T, TKey, TState>(
        DataStream<T> stream,
        Func<T, TKey> key,
        StateUpdate<T, TState> update,
        IEnumerable<KeyValuePair<TKey, TState>>? initialState)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Stateful(key, new UpdateStateByKeyOperator<TKey, T, TState>(update, initialState));
    }
}
