namespace Sluice.Graphs.Aggregations;

/// <summary>The reduced value of one key's rows in one pane (a slide-long slice of time), and how many rows it holds.</summary>
/// <param name="Value">The rows' values combined with the reduce function.</param>
/// <param name="Rows">How many rows.</param>
internal readonly record struct PaneState<TValue>(TValue Value, long Rows);
