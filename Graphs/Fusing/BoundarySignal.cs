using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Fusing;

/// <summary>
/// The wake-up one side of an async boundary sends the other, from the other side's thread: <see cref="Raise"/> posts
/// this event to the owner's island unless it is already queued (any number of raises before it runs coalesce into
/// one run); <see cref="IslandEvent.Run"/> clears the flag first, so a raise during the handler queues it again.
/// </summary>
internal sealed class BoundarySignal(GraphStageLogic owner, Action handler) : IslandEvent(owner)
{
    private int _queued;

    /// <summary>Asks for the handler to run on the owner's island (callable from any thread).</summary>
    public void Raise()
    {
        if (Interlocked.Exchange(ref _queued, 1) == 0)
        {
            Logic.Interpreter.Shell.Post(this);
        }
    }

    public override void Run()
    {
        Volatile.Write(ref _queued, 0);
        handler();
    }
}
