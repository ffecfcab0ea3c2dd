namespace Sluice.Graphs.Fusing;

/// <summary>
/// Runs an island serially: after <see cref="RequestRun"/>, the host calls <see cref="IslandShell.RunSlice"/> soon,
/// never on two threads at once, and again while it returns true. The default host is
/// <see cref="ThreadPoolIslandHost"/>; an actor can host an island by sending itself a message per slice.
/// </summary>
internal interface IIslandHost
{
    /// <summary>Binds the host to the island it runs.</summary>
    void Attach(IslandShell shell);

    /// <summary>Asks for a slice to run; cheap and idempotent while one is already scheduled.</summary>
    void RequestRun();
}
