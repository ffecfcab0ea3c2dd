namespace Sluice.Graphs.Stage;

/// <summary>
/// Receives the events of a port. Derive from <see cref="InHandler"/>, <see cref="OutHandler"/> or
/// <see cref="InOutHandler"/>, or let a <see cref="GraphStageLogic"/> handle its own ports (it is a handler too)
/// and register it with <c>SetHandler</c>. Handlers run on the stage's interpreter, one event at a time, so stage
/// state needs no locks. The defaults: upstream finish completes the stage, upstream failure fails it, downstream
/// cancellation cancels it.
/// </summary>
public abstract class PortHandler
{
    private protected PortHandler()
    {
    }

    /// <summary>The logic whose default behaviour (complete, fail, cancel) this handler uses.</summary>
    internal GraphStageLogic? OwnerLogic { get; set; }

    /// <summary>Called when an element arrived on the inlet (grab it with <c>Grab</c>).</summary>
    public virtual void OnPush() =>
        throw new InvalidOperationException($"No OnPush handler in {OwnerLogic?.StageName ?? GetType().Name}.");

    /// <summary>Called when the upstream completed. Default: complete the stage.</summary>
    public virtual void OnUpstreamFinish() => OwnerLogic!.CompleteStage();

    /// <summary>Called when the upstream failed. Default: fail the stage with the same exception.</summary>
    /// <param name="cause">Why the upstream failed.</param>
    public virtual void OnUpstreamFailure(Exception cause) => OwnerLogic!.FailStage(cause);

    /// <summary>Called when downstream asked for one element on the outlet (push it with <c>Push</c>).</summary>
    public virtual void OnPull() =>
        throw new InvalidOperationException($"No OnPull handler in {OwnerLogic?.StageName ?? GetType().Name}.");

    /// <summary>Called when downstream cancelled. Default: cancel the stage (cancel inlets, complete outlets).</summary>
    /// <param name="cause">Why downstream cancelled; null for a plain cancellation.</param>
    public virtual void OnDownstreamFinish(Exception? cause) => OwnerLogic!.CancelStage(cause);
}
