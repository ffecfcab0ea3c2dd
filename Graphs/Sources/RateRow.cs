namespace Sluice.Graphs.Sources;

/// <summary>A row of <c>Source.Rate</c>, as in Spark's rate source: when it was due and its sequence number.</summary>
/// <param name="Timestamp">The time the row was scheduled for.</param>
/// <param name="Value">The row number, from 0 (or the start offset).</param>
public readonly record struct RateRow(DateTimeOffset Timestamp, long Value);
