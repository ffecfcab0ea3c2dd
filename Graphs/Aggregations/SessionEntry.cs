namespace Sluice.Graphs.Aggregations;

/// <summary>One open session of a key: its bounds in milliseconds and its accumulator.</summary>
/// <param name="Start">The time of the session's first event.</param>
/// <param name="End">The time of its last event plus that event's gap (excluded).</param>
/// <param name="Acc">The aggregate of the session's rows.</param>
internal readonly record struct SessionEntry<TAcc>(long Start, long End, TAcc Acc);
