namespace Sluice.Graphs.StatefulFunctions;

/// <summary>
/// The specification of a DStreams-style <c>MapWithState(key, spec)</c> (Spark's <c>StateSpec</c>): the mapping
/// function, and optionally an idle timeout and initial state.
/// </summary>
/// <typeparam name="TKey">The key.</typeparam>
/// <typeparam name="TValue">The input row.</typeparam>
/// <typeparam name="TState">The state per key: plain data that serializes to JSON.</typeparam>
/// <typeparam name="TOut">The mapped value emitted per row.</typeparam>
/// <param name="Function">
/// Called once per input row with the key, the row and the key's state, in arrival order; its result is emitted. With a
/// <see cref="Timeout"/>, it is also called once for a key idle longer than the timeout, with the value
/// <c>default</c> and <see cref="GroupState{TState}.HasTimedOut"/> true; the state is removed after that call (it cannot
/// be updated) and the result is emitted.
/// </param>
/// <example><code>
/// var spec = new StateSpec&lt;string, Click, int, (string User, int Clicks)&gt;(
///     (user, click, state) => { var n = state.GetOrDefault(0) + 1; state.Update(n); return (user, n); })
/// { Timeout = TimeSpan.FromMinutes(30) };
/// clicks.MapWithState(c => c.User, spec);
/// </code></example>
public sealed record StateSpec<TKey, TValue, TState, TOut>(Func<TKey, TValue?, GroupState<TState>, TOut> Function)
    where TKey : notnull
{
    /// <summary>Removes a key's state when no row arrived for it for this long (processing time, judged by batch timestamps); null: never.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>State put before the first epoch (key, state); a key may appear once.</summary>
    public IEnumerable<KeyValuePair<TKey, TState>>? InitialState { get; init; }
}
