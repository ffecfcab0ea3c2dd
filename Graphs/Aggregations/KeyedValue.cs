namespace Sluice.Graphs.Aggregations;

/// <summary>
/// A result row of an aggregation without windows: the group's key and its aggregate (a console table shows the
/// columns <c>Key | Value</c>). Such a row has no event time.
/// </summary>
/// <typeparam name="TKey">The grouping key.</typeparam>
/// <typeparam name="TValue">The aggregate (a count, a sum, the accumulator of <c>Aggregate</c>...).</typeparam>
/// <param name="Key">The group's key.</param>
/// <param name="Value">The group's aggregate.</param>
public readonly record struct KeyedValue<TKey, TValue>(TKey Key, TValue Value);
