using Sluice.Actors.Supervision;

namespace Sluice.Actors.Runtime;

/// <summary>The actors at /user and /system: parents of the top-level actors.</summary>
internal sealed class Guardian(SupervisorStrategy strategy) : ActorBase
{
    public override SupervisorStrategy SupervisorStrategy => strategy;

    protected override void Receive(object message) => Unhandled(message);
}

/// <summary>
/// The root actor "/". On <see cref="StopSystem"/> it stops /user first (so user actors see the system
/// still running while they stop), then /system, then itself.
/// </summary>
internal sealed class RootGuardian : ActorBase
{
    internal sealed record StopSystem;

    private IActorRef? _user;
    private IActorRef? _system;

    protected override void Receive(object message)
    {
        switch (message)
        {
            case Guardians g:
                _user = Context.Watch(g.User);
                _system = Context.Watch(g.System);
                break;
            case StopSystem:
                if (_user is not null) Context.Stop(_user);
                else Context.Stop(Self);
                break;
            case Terminated t when ReferenceEquals(t.ActorRef, _user):
                _user = null;
                if (_system is not null) Context.Stop(_system);
                else Context.Stop(Self);
                break;
            case Terminated t when ReferenceEquals(t.ActorRef, _system):
                _system = null;
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    internal sealed record Guardians(IActorRef User, IActorRef System);
}

/// <summary>The parent of the root: completes the system's termination when the root has stopped.</summary>
internal sealed class RootParent(ActorSystem system, ActorPath path) : InternalActorRef
{
    public override ActorPath Path { get; } = path;

    public override bool IsTerminated => false;

    public override void Tell(object message, IActorRef? sender) { }

    public override void SendSystemMessage(Dispatch.SystemMessage message)
    {
        switch (message)
        {
            case Dispatch.DeathWatchNotification:
                system.OnRootTerminated();
                break;
            case Dispatch.Failed f:
                // The root itself failed: nothing can supervise it; stop everything.
                f.Child.SendSystemMessage(Dispatch.Terminate.Instance);
                break;
        }
    }
}
