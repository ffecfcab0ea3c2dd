namespace Sluice.Graphs.Fusing;

/// <summary>
/// Runs an island serially: after <see cref="RequestRun"/>, the host calls <see cref="IslandShell.RunSlice"/> soon,
/// never on two threads at once, and again while it returns true. Hosts: <see cref="ThreadPoolIslandHost"/> (a
/// materializer without an actor system) and <see cref="ActorIslandHost"/> (an actor per island under /system).
/// </summary>
internal interface IIslandHost
{
    /// <summary>Binds the host to the island it runs.</summary>
    void Attach(IslandShell shell);

    /// <summary>Starts running the island (called once, after the whole graph was materialized).</summary>
    void Start();

    /// <summary>Asks for a slice to run; cheap and idempotent while one is already scheduled.</summary>
    void RequestRun();
}
