using Sluice.Actors;
using Sluice.Actors.Runtime;
using Sluice.Actors.Supervision;

namespace Sluice.Graphs.Fusing;

/// <summary>
/// The parent of a materializer's island actors (<c>/system/streams-N</c>, like Akka's StreamSupervisor). Islands
/// never restart (a broken host cannot resume an interpreter half-way), so a failing island actor is stopped, which
/// aborts its island. When the supervisor stops (the actor system terminates) it marks its materializer shut down,
/// so no new stream starts on a dead system.
/// </summary>
internal sealed class StreamSupervisor
{
    private static int _nextId;
    private readonly LocalActorRef _ref;
    private long _nextIsland;

    private StreamSupervisor(LocalActorRef actor) => _ref = actor;

    public IActorRef Ref => _ref;

    /// <summary>The island actors alive now.</summary>
    public IReadOnlyCollection<IActorRef> Islands => _ref.Cell.Children;

    public static StreamSupervisor Create(ActorSystem system, Action onStopped)
    {
        var name = "streams-" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var props = Props.Create(() => new SupervisorActor(onStopped)).WithSupervisorStrategy(SupervisorStrategy.Stopping);
        return new StreamSupervisor((LocalActorRef)system.SystemActorOf(props, name));
    }

    /// <summary>Creates the actor of one island (thread-safe: called by whoever materializes a graph).</summary>
    public IActorRef Spawn(IslandShell shell, ActorIslandHost host)
    {
        var name = "island-" + Interlocked.Increment(ref _nextIsland).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return _ref.Cell.ActorOf(Props.Create(() => new IslandActor(shell, host)), name);
    }

    private sealed class SupervisorActor(Action onStopped) : ActorBase
    {
        protected override void Receive(object message) => Unhandled(message);

        protected override void PostStop() => onStopped();
    }
}
