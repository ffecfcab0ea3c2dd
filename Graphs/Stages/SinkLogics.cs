using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Stages;

/// <summary>
/// Base of sink logics that complete a task with the stream: they pull on start, and whatever way the stage ends
/// (completion, failure, cancellation, abrupt stop) the task completes exactly once, so nothing awaits forever.
/// </summary>
internal abstract class TaskSinkLogic<TIn, TResult> : GraphStageLogic
{
    protected readonly Inlet<TIn> In;

    protected TaskSinkLogic(SinkStage<TIn, Task<TResult>> stage)
        : this(stage.Shape, stage.In)
    {
    }

    protected TaskSinkLogic(Shape shape, Inlet<TIn> inlet)
        : base(shape)
    {
        In = inlet;
        SetHandler(In, this);
    }

    public TaskCompletionSource<TResult> Promise { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void PreStart() => Pull(In);

    public override void OnUpstreamFinish()
    {
        Promise.TrySetResult(Result());
        CompleteStage();
    }

    public override void OnUpstreamFailure(Exception cause)
    {
        Promise.TrySetException(cause);
        FailStage(cause);
    }

    public override void PostStop() =>
        Promise.TrySetException(
            Interpreter.AbortCause as AbruptTerminationException
            ?? new AbruptTerminationException($"Stage '{StageName}' stopped before the stream completed."));

    /// <summary>The result when upstream completes.</summary>
    protected abstract TResult Result();

    /// <summary>Ends the stream from the sink side with <paramref name="result"/>.</summary>
    protected void Finish(TResult result)
    {
        Promise.TrySetResult(result);
        CompleteStage();
    }

    /// <summary>Ends the stream from the sink side with a failure (user code threw).</summary>
    protected void Abort(Exception cause)
    {
        var failure = StageFailure(cause);
        Promise.TrySetException(failure);
        FailStage(failure);
    }
}
