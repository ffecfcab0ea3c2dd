namespace Sluice.Graphs.Queries.Execution;

/// <summary>
/// A wake-up signal for the coordinator: Set from any thread; WaitAsync completes when a Set happened since the last
/// wait. A wake may be spurious (the coordinator re-checks its conditions), but a Set is never lost.
/// </summary>
internal sealed class Signal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _set;

    public void Set()
    {
        TaskCompletionSource next;
        lock (_gate)
        {
            _set = true;
            next = _next;
        }

        next.TrySetResult();
    }

    public Task WaitAsync()
    {
        lock (_gate)
        {
            if (_set)
            {
                _set = false;
                return Task.CompletedTask;
            }

            if (_next.Task.IsCompleted)
            {
                _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return _next.Task;
        }
    }
}
