using System.Runtime.CompilerServices;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Fusing;

/// <summary>
/// The downstream half of an async boundary: a source-like stage in the downstream island that pushes elements from
/// the shared ring on each pull (the ring's consumer side is <see cref="BoundaryReader{T}"/>). Inside the event loop
/// it pushes with <see cref="GraphStageLogic.PushNow{T}"/>: downstream's OnPush runs at once, so an element costs
/// this island one interpreter event (the pull into this stage), as an edge inside a fused graph does.
/// </summary>
internal sealed class InputBoundary<T> : BoundaryReader<T>
{
    private readonly Outlet<T> _out;

    public InputBoundary(BoundaryChannel<T> channel)
        : this(channel, new Outlet<T>("async.out"))
    {
    }

    private InputBoundary(BoundaryChannel<T> channel, Outlet<T> outlet)
        : base(channel, new SourceShape<T>(outlet), outlet) => _out = outlet;

    protected override void Deliver(bool inline)
    {
        if (!inline)
        {
            if (TryTake(out var next))
            {
                Push(_out, next);
                FinishIfDrained();
            }

            return;
        }

        // While downstream pulls again at once, deliver its next element here instead of returning to the event loop
        // for the pull (GraphInterpreter.TakeChasedPull): a run of elements costs one interpreter event.
        var interpreter = Interpreter;
        var c = Unsafe.As<Connection<T>>(OutConnection);
        do
        {
            if (!TryTake(out var element))
            {
                return;
            }

            // Last: downstream's OnPush runs nested here and may throw; the ring's bookkeeping is already done.
            PushNowOn(c, _out, element);
        }
        while (interpreter.TakeChasedPull(c));

        FinishIfDrained();
    }
}
