using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Progress;

namespace Sluice.Graphs.Tests.Queries;

/// <summary>Counts the input rows of every committed batch of the manager's queries; tests wait for a total.</summary>
internal sealed class RowCounter : StreamingQueryListener
{
    private readonly Lock _gate = new();
    private readonly List<(long Rows, TaskCompletionSource Reached)> _waiters = [];
    private long _total;

    public Task WaitForAsync(long rows)
    {
        lock (_gate)
        {
            if (_total >= rows)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((rows, reached));
            return reached.Task;
        }
    }

    public override void OnQueryProgress(StreamingQuery query, StreamingQueryProgress progress)
    {
        lock (_gate)
        {
            _total += progress.NumInputRows;
            foreach (var waiter in _waiters.Where(w => w.Rows <= _total).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }
}
