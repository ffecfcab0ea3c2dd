namespace Sluice.Graphs.Queries.Execution;

/// <summary>A started stateful operator: its shards (untyped), to commit epochs on and to dispose at stop.</summary>
internal sealed record StatefulRuntime(string OperatorId, string OperatorName, int OperatorIndex, object Shards, Func<long, Task> Commit, IAsyncDisposable Disposable);
