using Sluice.Graphs.Stage;

namespace Sluice.Graphs.Fusing;

/// <summary>
/// Something to run inside an island on behalf of one stage, posted from another thread (async callback, timer,
/// boundary signal). The interpreter runs it as that stage's handler: exceptions fail the stage.
/// </summary>
internal abstract class IslandEvent
{
    protected IslandEvent(GraphStageLogic logic) => Logic = logic;

    /// <summary>The stage the event belongs to.</summary>
    public GraphStageLogic Logic { get; }

    /// <summary>Runs the event on the island's thread.</summary>
    public abstract void Run();

    /// <summary>Called instead of <see cref="Run"/> when the stage or the island has already stopped.</summary>
    public virtual void Dropped()
    {
    }
}
