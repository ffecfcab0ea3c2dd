using Sluice.Actors;

namespace Sluice.Graphs.Fusing;

/// <summary>
/// Hosts an island in an actor (Akka's model): <see cref="Start"/> spawns an <see cref="IslandActor"/> under the
/// materializer's supervisor (<c>/system/streams-N/island-M</c>) and each slice is one turn of that actor, so the
/// island runs on the actor system's dispatcher, serially, like any actor. The status word is the same as
/// <see cref="ThreadPoolIslandHost"/>'s: <c>RequestRun</c> moves it from idle (0) to scheduled (1) and sends the actor
/// one <see cref="IslandActor.Run"/>; the actor sets it back to idle after its slice and asks again if work remains.
/// A request made before the actor exists only sets the word; <see cref="Start"/> then sends the first message.
/// </summary>
internal sealed class ActorIslandHost : IIslandHost
{
    private readonly StreamSupervisor _supervisor;
    private IslandShell _shell = null!;
    private IActorRef? _actor;
    private int _status;

    public ActorIslandHost(StreamSupervisor supervisor) => _supervisor = supervisor;

    public void Attach(IslandShell shell) => _shell = shell;

    public void Start()
    {
        var actor = _supervisor.Spawn(_shell, this);
        Volatile.Write(ref _actor, actor);
        Interlocked.Exchange(ref _status, 1);
        actor.Tell(IslandActor.Run.Instance, null);
    }

    public void RequestRun()
    {
        if (Interlocked.CompareExchange(ref _status, 1, 0) == 0)
        {
            Volatile.Read(ref _actor)?.Tell(IslandActor.Run.Instance, null);
        }
    }

    /// <summary>Called by the actor after a slice: back to idle, and schedules again if there is work.</summary>
    internal void SliceDone(bool more)
    {
        Interlocked.Exchange(ref _status, 0);
        if (more || _shell.HasExternalEvents)
        {
            RequestRun();
        }
    }
}
