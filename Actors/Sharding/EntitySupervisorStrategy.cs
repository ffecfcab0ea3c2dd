using Sluice.Actors.Runtime;
using Sluice.Actors.Supervision;

namespace Sluice.Actors.Sharding;

/// <summary>
/// A shard's strategy for its entities: a failing entity is stopped (the failure is logged) and reported with its
/// reference, so that the shard starts it again after a backoff delay and buffers its messages meanwhile. A plain
/// decider cannot do this: it sees the exception but not which child threw.
/// </summary>
internal sealed class EntitySupervisorStrategy(Action<IActorRef> onFailure)
    : SupervisorStrategy(0, Timeout.InfiniteTimeSpan, static _ => Directive.Stop)
{
    private protected override void ProcessRestart(ActorCell parent, ChildRestartStats failed, Exception cause) =>
        ProcessStop(parent, failed);

    private protected override void ProcessStop(ActorCell parent, ChildRestartStats failed)
    {
        onFailure(failed.Child);
        ActorCell.StopChild(failed.Child);
    }
}
