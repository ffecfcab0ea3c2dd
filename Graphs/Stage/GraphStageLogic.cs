using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Sluice.Graphs.Fusing;
using Sluice.Graphs.Offsets;
using Sluice.Graphs.Supervision;

namespace Sluice.Graphs.Stage;

/// <summary>
/// The running part of a stage: one instance per materialization, created by
/// <see cref="GraphStageWithMaterializedValue{TShape,TMat}.CreateLogicAndMaterializedValue"/>. It registers a
/// handler per port (a logic is itself a <see cref="PortHandler"/>, so a linear stage usually handles its own two
/// ports) and moves elements with <see cref="Pull"/>, <see cref="Grab{T}"/> and <see cref="Push{T}"/>. All handlers,
/// callbacks and timers of a logic run one at a time on its interpreter, so its state needs no locks.
/// </summary>
/// <remarks>
/// The demand protocol: pull an inlet at most once until an element arrives; push an outlet only after it was pulled,
/// one element per pull; grab only an available element; elements are never null. Violations throw
/// <see cref="InvalidOperationException"/> and fail the stage.
/// </remarks>
public abstract partial class GraphStageLogic : PortHandler
{
    private readonly PortHandler?[] _inHandlers;
    private readonly PortHandler?[] _outHandlers;
    private Attributes _attributes = Attributes.None;
    private string? _stageName;

    /// <summary>Creates the logic of a stage with <paramref name="shape"/>.</summary>
    protected GraphStageLogic(Shape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = shape;
        shape.AssignPortIds();
        _inHandlers = new PortHandler?[shape.Inlets.Count];
        _outHandlers = new PortHandler?[shape.Outlets.Count];
        InConns = new Connection[shape.Inlets.Count];
        OutConns = new Connection[shape.Outlets.Count];
        OpenPorts = shape.Inlets.Count + shape.Outlets.Count;
        OwnerLogic = this;
    }

    /// <summary>The shape whose ports this logic drives.</summary>
    protected Shape Shape { get; }

    internal Connection[] InConns { get; }

    internal Connection[] OutConns { get; }

    internal GraphInterpreter Interpreter { get; set; } = null!;

    internal int StageId;

    internal int OpenPorts;

    internal bool KeepGoingInternal;

    internal bool IsFinalized { get; set; }

    /// <summary>The attributes in effect for this stage (its own and those inherited from enclosing graphs).</summary>
    public Attributes Attributes
    {
        get => _attributes;
        internal set
        {
            _attributes = value;
            _stageName = null;
        }
    }

    /// <summary>The stage's name (the innermost name attribute), used in logs and error messages.</summary>
    public string StageName => _stageName ??= _attributes.Get<Attributes.Name>()?.Value ?? GetType().Name;

    /// <summary>The materializer running this stage.</summary>
    protected Materializer Materializer => Interpreter.Materializer;

    /// <summary>The clock of the materializer (virtual in tests).</summary>
    protected TimeProvider TimeProvider => Interpreter.Materializer.Settings.TimeProvider;

    /// <summary>A logger for this stage, from the materializer's logger factory.</summary>
    protected ILogger Log => Interpreter.Logger;

    /// <summary>The supervision decider from the attributes (default: stop).</summary>
    protected Decider Decider => _attributes.Get<Attributes.SupervisionStrategy>()?.Decider ?? Deciders.Stopping;

    /// <summary>
    /// Where a source stands: the offset of the next element it will emit, or null when the source cannot report one.
    /// Read it on the stage's own thread only (for example when a checkpoint barrier is injected); a source that
    /// wants to expose it to other threads materializes a <see cref="SourceOffsetHandle"/>.
    /// </summary>
    public virtual SourceOffset? CurrentOffset => null;

    /// <summary>Keeps the stage running after all its ports closed (for timers or callbacks); stop it with CompleteStage.</summary>
    protected void SetKeepGoing(bool enabled) => KeepGoingInternal = enabled;

    /// <summary>Called once before any event, on the stage's thread. Pull here to start the flow of elements.</summary>
    public virtual void PreStart()
    {
    }

    /// <summary>Called once after the stage stopped (normally or not). Release resources here.</summary>
    public virtual void PostStop()
    {
    }

    internal virtual void BeforePreStart()
    {
    }

    internal virtual void BeforePostStop() => RecordFinalOffset();

    /// <summary>
    /// Applies the supervision decider to <paramref name="cause"/>, thrown by user code: on
    /// <see cref="SupervisionDirective.Stop"/> it fails the stage (with a <see cref="StreamStageException"/> naming it);
    /// Resume and Restart are returned for the stage to act on (drop the element; also reset state on Restart).
    /// </summary>
    protected SupervisionDirective Supervise(Exception cause)
    {
        var directive = Decider(cause);
        if (directive == SupervisionDirective.Stop)
        {
            FailStage(StageFailure(cause));
        }

        return directive;
    }

    /// <summary>Wraps an exception thrown by user code in this stage into a <see cref="StreamStageException"/>.</summary>
    protected Exception StageFailure(Exception cause) =>
        cause as StreamStageException ?? new StreamStageException(StageName, cause);

    // ---------------------------------------------------------------- handlers

    /// <summary>Sets the handler of <paramref name="inlet"/> (may be changed at any time).</summary>
    protected void SetHandler(Inlet inlet, PortHandler handler)
    {
        ArgumentNullException.ThrowIfNull(inlet);
        ArgumentNullException.ThrowIfNull(handler);
        handler.OwnerLogic ??= this;
        _inHandlers[inlet.Id] = handler;
        var c = InConns[inlet.Id];
        if (c is not null)
        {
            c.InHandler = handler;
        }
    }

    /// <summary>Sets the handler of <paramref name="outlet"/> (may be changed at any time).</summary>
    protected void SetHandler(Outlet outlet, PortHandler handler)
    {
        ArgumentNullException.ThrowIfNull(outlet);
        ArgumentNullException.ThrowIfNull(handler);
        handler.OwnerLogic ??= this;
        if (_emitters?[outlet.Id] is IEmitter emitter && emitter.IsActive)
        {
            emitter.Previous = handler;
            return;
        }

        SetOutHandlerRaw(outlet.Id, handler);
    }

    private void SetOutHandlerRaw(int id, PortHandler handler)
    {
        _outHandlers[id] = handler;
        var c = OutConns[id];
        if (c is not null)
        {
            c.OutHandler = handler;
        }
    }

    /// <summary>Sets one handler for both ports of a linear stage.</summary>
    protected void SetHandlers(Inlet inlet, Outlet outlet, PortHandler handler)
    {
        SetHandler(inlet, handler);
        SetHandler(outlet, handler);
    }

    /// <summary>Sets delegates as the handler of <paramref name="inlet"/>; null delegates keep the default behaviour.</summary>
    protected void SetHandler(
        Inlet inlet, Action onPush, Action? onUpstreamFinish = null, Action<Exception>? onUpstreamFailure = null) =>
        SetHandler(inlet, new LambdaHandler(onPush, onUpstreamFinish, onUpstreamFailure) { OwnerLogic = this });

    /// <summary>Sets delegates as the handler of <paramref name="outlet"/>; a null delegate keeps the default behaviour.</summary>
    protected void SetHandler(Outlet outlet, Action onPull, Action<Exception?>? onDownstreamFinish = null) =>
        SetHandler(outlet, new LambdaHandler(onPull: onPull, onDownstreamFinish: onDownstreamFinish) { OwnerLogic = this });

    /// <summary>The handler of <paramref name="inlet"/>.</summary>
    protected PortHandler GetHandler(Inlet inlet) =>
        _inHandlers[inlet.Id] ?? throw new InvalidOperationException($"No handler set for {inlet} in {StageName}.");

    /// <summary>The handler of <paramref name="outlet"/>.</summary>
    protected PortHandler GetHandler(Outlet outlet) =>
        _outHandlers[outlet.Id] ?? throw new InvalidOperationException($"No handler set for {outlet} in {StageName}.");

    internal PortHandler InHandlerFor(int id) =>
        _inHandlers[id] ?? throw new InvalidOperationException(
            $"Stage '{StageName}' set no handler for inlet {Shape.Inlets[id]}. Call SetHandler in the logic's constructor.");

    internal PortHandler OutHandlerFor(int id) =>
        _outHandlers[id] ?? throw new InvalidOperationException(
            $"Stage '{StageName}' set no handler for outlet {Shape.Outlets[id]}. Call SetHandler in the logic's constructor.");

    // ---------------------------------------------------------------- port operations

    /// <summary>Asks upstream for one element; <see cref="PortHandler.OnPush"/> follows when it arrives.</summary>
    /// <exception cref="InvalidOperationException">The inlet was already pulled or is closed.</exception>
    protected void Pull(Inlet inlet)
    {
        var c = InConns[inlet.Id];
        var s = c.State;
        if ((s & (PortStates.InReady | PortStates.InClosed | PortStates.OutClosed)) == PortStates.InReady)
        {
            c.State = (s ^ PortStates.PullStartFlip) & ~PortStates.Available;
            Interpreter.Schedule(c);
            return;
        }

        PullFailed(inlet, s);
    }

    private void PullFailed(Inlet inlet, int s)
    {
        if ((s & PortStates.InClosed) != 0)
        {
            throw new InvalidOperationException($"Stage '{StageName}' cannot pull closed port {inlet}.");
        }

        if ((s & (PortStates.InReady | PortStates.OutClosed)) == 0)
        {
            throw new InvalidOperationException($"Stage '{StageName}' cannot pull port {inlet} twice.");
        }

        // Upstream completed and the completion is on its way: the pull is ignored.
    }

    /// <summary>
    /// Hands the demand of <paramref name="outlet"/> back to the interpreter: OnPull runs again as a new event, after
    /// other pending events (a stage that skipped many elements in one OnPull yields this way instead of looping on).
    /// </summary>
    internal void RedeliverPull(Outlet outlet)
    {
        var c = OutConns[outlet.Id];
        var s = c.State;
        if ((s & (PortStates.OutReady | PortStates.OutClosed | PortStates.InClosed | PortStates.Pending)) == PortStates.OutReady)
        {
            c.State = s ^ PortStates.PullEndFlip;
            Interpreter.Schedule(c);
        }
    }

    /// <summary>Pulls <paramref name="inlet"/> unless it is closed or already pulled.</summary>
    protected void TryPull(Inlet inlet)
    {
        var s = InConns[inlet.Id].State;
        if ((s & (PortStates.InReady | PortStates.InClosed | PortStates.OutClosed)) == PortStates.InReady)
        {
            Pull(inlet);
        }
    }

    /// <summary>Takes the element that arrived on <paramref name="inlet"/>.</summary>
    /// <exception cref="InvalidOperationException">No element is available.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected T Grab<T>(Inlet<T> inlet) => GrabFrom(Unsafe.As<Connection<T>>(InConns[inlet.Id]), inlet);

    /// <summary><see cref="Grab{T}"/> from the inlet's connection <paramref name="c"/>, already looked up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal T GrabFrom<T>(Connection<T> c, Inlet<T> inlet)
    {
        var s = c.State;
        if ((s & PortStates.Available) == 0)
        {
            ThrowGrabFailed(inlet);
        }

        c.State = s & ~PortStates.Available;
        var elem = c.Slot;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            c.Slot = default!;
        }

        return elem;
    }

    private void ThrowGrabFailed(Inlet inlet) =>
        throw new InvalidOperationException($"Stage '{StageName}' cannot grab from {inlet}: no element is available.");

    /// <summary>Sends <paramref name="element"/> downstream; allowed once per pull.</summary>
    /// <exception cref="InvalidOperationException">The outlet was not pulled, is closed, or the element is null.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void Push<T>(Outlet<T> outlet, T element)
    {
        var c = Unsafe.As<Connection<T>>(OutConns[outlet.Id]);
        var s = c.State;
        if ((s & (PortStates.OutReady | PortStates.OutClosed | PortStates.InClosed)) == PortStates.OutReady
            && element is not null)
        {
            c.Slot = element;
            c.State = s ^ PortStates.PushStartFlip;
            Interpreter.Schedule(c);
            return;
        }

        PushFailed(outlet, s, element is null);
    }

    /// <summary>
    /// Pushes <paramref name="element"/> and runs downstream's OnPush at once, nested in the calling handler, instead
    /// of queueing the push (see <see cref="GraphInterpreter.DeliverNow"/>); a plain <see cref="Push{T}"/> when an
    /// inline delivery already runs or the port is not in the state a push needs. Only for handlers that run inside
    /// the interpreter's event loop (OnPull, OnPush), where an exception is blamed on the stage that threw it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void PushNow<T>(Outlet<T> outlet, T element) => PushNowOn(Unsafe.As<Connection<T>>(OutConns[outlet.Id]), outlet, element);

    /// <summary><see cref="PushNow{T}(Outlet{T},T)"/> on the outlet's connection <paramref name="c"/>, already looked up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void PushNowOn<T>(Connection<T> c, Outlet<T> outlet, T element)
    {
        var s = c.State;
        var interpreter = Interpreter;
        if ((s & (PortStates.OutReady | PortStates.OutClosed | PortStates.InClosed)) == PortStates.OutReady
            && !interpreter.IsInlining)
        {
            c.Slot = element;
            c.State = (s & ~PortStates.OutReady) | PortStates.InReady | PortStates.Available;
            interpreter.DeliverNow(c, push: true);
            return;
        }

        Push(outlet, element);
    }

    /// <summary>Pulls <paramref name="inlet"/> and runs upstream's OnPull at once (the pull's <see cref="PushNow{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void PullNow(Inlet inlet) => PullNowOn(InConns[inlet.Id], inlet);

    /// <summary><see cref="PullNow(Inlet)"/> on the inlet's connection <paramref name="c"/>, already looked up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void PullNowOn(Connection c, Inlet inlet)
    {
        var s = c.State;
        var interpreter = Interpreter;
        if ((s & (PortStates.InReady | PortStates.InClosed | PortStates.OutClosed)) == PortStates.InReady
            && !interpreter.IsInlining)
        {
            c.State = (s & ~(PortStates.InReady | PortStates.Available)) | PortStates.OutReady;
            interpreter.DeliverNow(c, push: false);
            return;
        }

        Pull(inlet);
    }

    private void PushFailed(Outlet outlet, int s, bool isNull)
    {
        if (isNull)
        {
            throw new InvalidOperationException($"Stage '{StageName}' pushed null to {outlet}: stream elements must not be null.");
        }

        if ((s & PortStates.OutClosed) != 0)
        {
            throw new InvalidOperationException($"Stage '{StageName}' cannot push closed port {outlet}.");
        }

        if ((s & PortStates.InClosed) == 0)
        {
            throw new InvalidOperationException(
                $"Stage '{StageName}' cannot push port {outlet} twice, or before it was pulled.");
        }

        // Downstream cancelled and the cancellation is on its way: the element is dropped.
    }

    /// <summary>Completes <paramref name="outlet"/> (after any elements still being emitted).</summary>
    protected void Complete(Outlet outlet)
    {
        if (_emitters?[outlet.Id] is IEmitter emitter && emitter.IsActive)
        {
            emitter.CompleteAfter = true;
            return;
        }

        CloseOut(outlet.Id, null);
    }

    /// <summary>Fails <paramref name="outlet"/> with <paramref name="cause"/>; elements still being emitted are dropped.</summary>
    protected void Fail(Outlet outlet, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        if (_emitters?[outlet.Id] is IEmitter emitter && emitter.IsActive)
        {
            emitter.Abandon();
        }

        CloseOut(outlet.Id, cause);
    }

    private void CloseOut(int id, Exception? failure)
    {
        var c = OutConns[id];
        var s = c.State;
        if ((s & PortStates.OutClosed) != 0)
        {
            return;
        }

        OpenPorts--;
        s = (s | PortStates.OutClosed) & ~PortStates.OutReady;
        if (failure is not null)
        {
            s |= PortStates.InFailed;
            c.Failure = failure;
        }

        if ((s & (PortStates.InClosed | PortStates.Pending)) == 0)
        {
            c.State = s | PortStates.ClosePending;
            Interpreter.Schedule(c);
        }
        else
        {
            c.State = s;
        }
    }

    /// <summary>Cancels <paramref name="inlet"/>: no more elements will arrive; upstream is told why.</summary>
    protected void Cancel(Inlet inlet, Exception? cause = null)
    {
        var c = InConns[inlet.Id];
        var s = c.State;
        if ((s & PortStates.InClosed) != 0)
        {
            return;
        }

        OpenPorts--;
        c.CancelCause = cause;
        s = (s | PortStates.InClosed) & ~PortStates.Available;
        c.ClearSlot();
        if ((s & (PortStates.OutClosed | PortStates.Pending)) == 0)
        {
            c.State = s | PortStates.ClosePending;
            Interpreter.Schedule(c);
        }
        else
        {
            c.State = s;
        }
    }

    /// <summary>Whether an element arrived on <paramref name="inlet"/> and was not grabbed yet.</summary>
    protected bool IsAvailable(Inlet inlet) => (InConns[inlet.Id].State & PortStates.Available) != 0;

    /// <summary>Whether <paramref name="outlet"/> was pulled and may be pushed now.</summary>
    protected bool IsAvailable(Outlet outlet) =>
        (OutConns[outlet.Id].State & (PortStates.OutReady | PortStates.OutClosed)) == PortStates.OutReady;

    /// <summary>Whether <paramref name="inlet"/> was pulled and its element has not arrived yet.</summary>
    protected bool HasBeenPulled(Inlet inlet) =>
        (InConns[inlet.Id].State & (PortStates.InReady | PortStates.InClosed)) == 0;

    /// <summary>Whether <paramref name="inlet"/> is closed (cancelled, or upstream finished and this stage was told).</summary>
    protected bool IsClosed(Inlet inlet) => (InConns[inlet.Id].State & PortStates.InClosed) != 0;

    /// <summary>Whether <paramref name="outlet"/> is closed (completed, failed, or cancelled by downstream and this stage was told).</summary>
    protected bool IsClosed(Outlet outlet) => (OutConns[outlet.Id].State & PortStates.OutClosed) != 0;

    // ---------------------------------------------------------------- whole-stage operations

    /// <summary>Completes every outlet and cancels every inlet; the stage stops once they are closed.</summary>
    public void CompleteStage()
    {
        KeepGoingInternal = false;
        for (var i = 0; i < OutConns.Length; i++)
        {
            Complete(Shape.Outlets[i]);
        }

        for (var i = 0; i < InConns.Length; i++)
        {
            Cancel(Shape.Inlets[i]);
        }
    }

    /// <summary>Fails every outlet and cancels every inlet with <paramref name="cause"/>; the stage stops.</summary>
    public void FailStage(Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        KeepGoingInternal = false;
        for (var i = 0; i < OutConns.Length; i++)
        {
            Fail(Shape.Outlets[i], cause);
        }

        for (var i = 0; i < InConns.Length; i++)
        {
            Cancel(Shape.Inlets[i], cause);
        }
    }

    /// <summary>Cancels every inlet (telling upstream <paramref name="cause"/>) and completes every outlet.</summary>
    public void CancelStage(Exception? cause)
    {
        KeepGoingInternal = false;
        for (var i = 0; i < InConns.Length; i++)
        {
            Cancel(Shape.Inlets[i], cause);
        }

        for (var i = 0; i < OutConns.Length; i++)
        {
            Complete(Shape.Outlets[i]);
        }
    }

    /// <summary>Closes every port without running handlers again (used when the stage cannot fail normally).</summary>
    internal void ForceClose(Exception cause)
    {
        KeepGoingInternal = false;
        for (var i = 0; i < OutConns.Length; i++)
        {
            if (OutConns[i] is not null)
            {
                CloseOut(i, cause);
            }
        }

        for (var i = 0; i < InConns.Length; i++)
        {
            if (InConns[i] is not null)
            {
                Cancel(Shape.Inlets[i], cause);
            }
        }
    }

    internal Outlet ShapeOutlet(int id) => Shape.Outlets[id];

    internal Inlet ShapeInlet(int id) => Shape.Inlets[id];

    internal void CheckAllPortsConnected()
    {
        for (var i = 0; i < InConns.Length; i++)
        {
            if (InConns[i] is null)
            {
                throw new InvalidOperationException(
                    $"Inlet {Shape.Inlets[i]} of stage '{StageName}' is not connected. Connect every port before running the graph.");
            }
        }

        for (var i = 0; i < OutConns.Length; i++)
        {
            if (OutConns[i] is null)
            {
                throw new InvalidOperationException(
                    $"Outlet {Shape.Outlets[i]} of stage '{StageName}' is not connected. Connect every port before running the graph.");
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => StageName;
}
