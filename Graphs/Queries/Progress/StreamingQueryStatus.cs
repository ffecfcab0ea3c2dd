namespace Sluice.Graphs.Queries.Progress;

/// <summary>What a query is doing now (Spark's <c>StreamingQueryStatus</c>).</summary>
/// <param name="Message">A human-readable description ("Waiting for data to arrive", "Processing new data"...).</param>
/// <param name="IsDataAvailable">True when a source has data not yet processed.</param>
/// <param name="IsTriggerActive">True while a batch is running.</param>
public sealed record StreamingQueryStatus(string Message, bool IsDataAvailable, bool IsTriggerActive);
