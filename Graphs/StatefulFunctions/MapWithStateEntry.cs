namespace Sluice.Graphs.StatefulFunctions;

/// <summary>What the DStreams-style MapWithState keeps per key: the state and the batch timestamp of its last update.</summary>
internal readonly record struct MapWithStateEntry<TState>(TState State, long UpdatedMs);
