using Sluice.Graphs.Fusing;

namespace Sluice.Graphs.Stage;

/// <summary>
/// A thread-safe way into a stage: <see cref="Invoke"/> may be called from any thread (a task continuation, a
/// timer, another stream); the handler runs later on the stage's own thread, like any other handler. Calls made while the graph is being materialized run after the stage started; calls made after
/// the stage stopped are dropped (<see cref="InvokeWithFeedback"/> reports them).
/// </summary>
/// <typeparam name="T">The type of the value passed in.</typeparam>
public sealed class AsyncCallback<T>
{
    private readonly GraphStageLogic _logic;
    private readonly Action<T> _handler;

    internal AsyncCallback(GraphStageLogic logic, Action<T> handler)
    {
        _logic = logic;
        _handler = handler;
    }

    /// <summary>Runs the handler with <paramref name="value"/> on the stage's thread, later.</summary>
    public void Invoke(T value) => _logic.PostExternal(new Event(_logic, _handler, value, null));

    /// <summary>Like <see cref="Invoke"/>; the task completes when the handler ran, or fails if the stage had stopped.</summary>
    public Task InvokeWithFeedback(T value)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _logic.PostExternal(new Event(_logic, _handler, value, done));
        return done.Task;
    }

    private sealed class Event : IslandEvent
    {
        private readonly Action<T> _handler;
        private readonly T _value;
        private readonly TaskCompletionSource? _done;

        public Event(GraphStageLogic logic, Action<T> handler, T value, TaskCompletionSource? done)
            : base(logic)
        {
            _handler = handler;
            _value = value;
            _done = done;
        }

        public override void Run()
        {
            try
            {
                _handler(_value);
            }
            finally
            {
                _done?.TrySetResult();
            }
        }

        public override void Dropped() =>
            _done?.TrySetException(new StreamDetachedException($"Stage '{Logic.StageName}' has already stopped."));
    }
}
