using Sluice.Graphs.Windows;

namespace Sluice.Graphs.Aggregations;

/// <summary>
/// A result row of a windowed aggregation over the whole stream (no grouping key): the window and its aggregate (a
/// console table shows <c>Window | Value</c>). Its event time is the window's last millisecond.
/// </summary>
/// <typeparam name="TValue">The aggregate.</typeparam>
/// <param name="Window">The window.</param>
/// <param name="Value">The aggregate of all rows in the window.</param>
public readonly record struct WindowedValue<TValue>(TimeWindow Window, TValue Value);
