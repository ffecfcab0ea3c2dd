using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Fusing;

/// <summary>
/// One edge inside an interpreter: the two owners, their handlers, the port state (see <see cref="PortStates"/>)
/// and, in <see cref="Connection{T}"/>, the element slot. Elements never leave their type: a connection of
/// <c>int</c> holds an <c>int</c> field, so the fused path neither boxes nor allocates.
/// </summary>
internal abstract class Connection
{
    /// <summary>Holds this connection's trailing padding (see <see cref="CacheLinePad"/>): State and Slot change per element.</summary>
    internal readonly object PadAfter = CacheLinePad.Create();

    public int State = PortStates.InReady;
    public GraphStageLogic InOwner = null!;
    public GraphStageLogic OutOwner = null!;
    public PortHandler InHandler = null!;
    public PortHandler OutHandler = null!;
    public Inlet InPort = null!;
    public Outlet OutPort = null!;

    /// <summary>Why the outlet side failed (valid with <see cref="PortStates.InFailed"/>).</summary>
    public Exception? Failure;

    /// <summary>Why the inlet side cancelled (null for a plain cancellation).</summary>
    public Exception? CancelCause;

    public abstract void ClearSlot();

    public override string ToString() => $"{OutOwner?.StageName}.{OutPort} -> {InOwner?.StageName}.{InPort} [state {State}]";
}

/// <summary>A connection carrying elements of type <typeparamref name="T"/> in a typed slot.</summary>
internal sealed class Connection<T> : Connection
{
    public T Slot = default!;

    public override void ClearSlot() => Slot = default!;
}
