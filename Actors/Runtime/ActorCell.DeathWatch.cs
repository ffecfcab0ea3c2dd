using Sluice.Actors.Dispatch;

namespace Sluice.Actors.Runtime;

/// <summary>A watched actor died; queued as a user message so it is ordered with the watcher's other messages.</summary>
internal sealed record DeathWatchDelivery(InternalActorRef Actor, bool ExistenceConfirmed) : IAutoReceivedMessage;

internal sealed partial class ActorCell
{
    private readonly Dictionary<InternalActorRef, object?> _watching = new(ReferenceEqualityComparer.Instance);
    private HashSet<InternalActorRef>? _watchedBy;

    public IActorRef Watch(IActorRef subject) => WatchCore(subject, null);

    public IActorRef WatchWith(IActorRef subject, object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WatchCore(subject, message);
    }

    private IActorRef WatchCore(IActorRef subject, object? custom)
    {
        if (subject is not InternalActorRef target || ReferenceEquals(target, SelfRef)) return subject;
        if (_watching.ContainsKey(target))
        {
            _watching[target] = custom;
            return subject;
        }
        _watching.Add(target, custom);
        target.SendSystemMessage(new Watch(target, SelfRef));
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        if (subject is InternalActorRef target && _watching.Remove(target))
            target.SendSystemMessage(new Unwatch(target, SelfRef));
        return subject;
    }

    private void AddWatcher(Watch w)
    {
        if (!ReferenceEquals(w.Watchee, SelfRef) || ReferenceEquals(w.Watcher, SelfRef)) return;
        (_watchedBy ??= new HashSet<InternalActorRef>(ReferenceEqualityComparer.Instance)).Add(w.Watcher);
    }

    private void RemoveWatcher(Unwatch u)
    {
        if (ReferenceEquals(u.Watchee, SelfRef)) _watchedBy?.Remove(u.Watcher);
    }

    private void HandleDeathWatchNotification(DeathWatchNotification d)
    {
        if (RemoveChild(d.Actor))
        {
            if (_terminating)
            {
                if (!HasChildren) FinishTerminate();
            }
            else if (_pendingRecreate is not null && !HasChildren)
            {
                FinishRecreate(_pendingRecreate);
            }
        }
        if (_watching.ContainsKey(d.Actor) && !_terminating)
            SelfRef.Tell(new DeathWatchDelivery(d.Actor, d.ExistenceConfirmed), d.Actor);
    }

    private void DeliverTerminated(DeathWatchDelivery death)
    {
        if (!_watching.Remove(death.Actor, out var custom)) return;   // unwatched meanwhile
        var message = custom ?? new Terminated(death.Actor, death.ExistenceConfirmed);
        _current = new Envelope(message, death.Actor);
        _behavior(message);
    }

    private void TellWatchersWeDied()
    {
        var notification = new DeathWatchNotification(SelfRef, ExistenceConfirmed: true);
        if (_watchedBy is not null)
        {
            foreach (var watcher in _watchedBy)
                if (!ReferenceEquals(watcher, Parent)) watcher.SendSystemMessage(notification);
            _watchedBy = null;
        }
        Parent.SendSystemMessage(notification);
        foreach (var watched in _watching.Keys) watched.SendSystemMessage(new Unwatch(watched, SelfRef));
        _watching.Clear();
    }
}
