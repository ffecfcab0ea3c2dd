namespace Sluice.Graphs.StatefulFunctions;

/// <summary>The update function of UpdateStateByKey with "no state" made explicit, for reference and value states alike.</summary>
/// <returns>False to remove the key's state.</returns>
internal delegate bool StateUpdate<TIn, TState>(IReadOnlyList<TIn> values, bool exists, TState current, out TState next);
