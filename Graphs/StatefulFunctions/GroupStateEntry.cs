namespace Sluice.Graphs.StatefulFunctions;

/// <summary>What MapWithState/FlatMapWithState keep per key: the state (if any) and the pending timeout.</summary>
/// <param name="HasState">False for a key whose state was removed while a timeout was still set.</param>
/// <param name="State">The user's state (default when <paramref name="HasState"/> is false).</param>
/// <param name="TimeoutMs">The timeout in ms since the Unix epoch, or <see cref="GroupState{TState}.NoTimestamp"/>.</param>
internal readonly record struct GroupStateEntry<TState>(bool HasState, TState State, long TimeoutMs);
