namespace Sluice.Graphs.Aggregations;

/// <summary>The state key of a windowed aggregate: the grouping key and the window's bounds in milliseconds.</summary>
/// <param name="Key">The grouping key.</param>
/// <param name="Start">The window's start (included).</param>
/// <param name="End">The window's end (excluded).</param>
internal readonly record struct WindowKey<TKey>(TKey Key, long Start, long End);
