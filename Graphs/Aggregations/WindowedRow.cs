using Sluice.Graphs.Windows;

namespace Sluice.Graphs.Aggregations;

/// <summary>
/// A result row of a windowed aggregation: the window, the group's key and its aggregate (a console table shows the
/// columns <c>Window | Key | Value</c>, like Spark's <c>window, word, count</c>). Its event time is the window's last
/// millisecond (<see cref="TimeWindow.RowTimeMs"/>, Spark's <c>window_time</c>).
/// </summary>
/// <typeparam name="TKey">The grouping key.</typeparam>
/// <typeparam name="TValue">The aggregate.</typeparam>
/// <param name="Window">The window (a session window for session aggregations).</param>
/// <param name="Key">The group's key.</param>
/// <param name="Value">The group's aggregate in the window.</param>
public readonly record struct WindowedRow<TKey, TValue>(TimeWindow Window, TKey Key, TValue Value);
