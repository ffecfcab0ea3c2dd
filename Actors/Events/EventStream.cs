namespace Sluice.Actors.Events;

/// <summary>
/// The actor system's publish/subscribe bus, by message type: a subscriber to a type receives every
/// published event assignable to it (dead letters, unhandled messages, your own events).
/// </summary>
public sealed class EventStream
{
    private Subscription[] _subscriptions = [];

    /// <summary>Subscribes an actor to events assignable to <paramref name="channel"/>.</summary>
    public void Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        Add(new Subscription(channel, subscriber, null));
    }

    /// <summary>Subscribes a callback to events of type <typeparamref name="T"/>; dispose the result to unsubscribe. The callback runs on the publisher's thread.</summary>
    public IDisposable Subscribe<T>(Action<T> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var s = new Subscription(typeof(T), null, e => callback((T)e));
        Add(s);
        return new Unsubscriber(this, s);
    }

    /// <summary>Removes an actor's subscription to <paramref name="channel"/>, or to every channel when null.</summary>
    public void Unsubscribe(IActorRef subscriber, Type? channel = null) =>
        Remove(s => ReferenceEquals(s.Actor, subscriber) && (channel is null || s.Channel == channel));

    /// <summary>Delivers <paramref name="event"/> to every matching subscriber.</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.GetType();
        foreach (var s in Volatile.Read(ref _subscriptions))
        {
            if (!s.Channel.IsAssignableFrom(type)) continue;
            if (s.Callback is not null) s.Callback(@event);
            else s.Actor!.Tell(@event, null);
        }
    }

    private void Add(Subscription s)
    {
        while (true)
        {
            var current = Volatile.Read(ref _subscriptions);
            if (Interlocked.CompareExchange(ref _subscriptions, [.. current, s], current) == current) return;
        }
    }

    private void Remove(Func<Subscription, bool> match)
    {
        while (true)
        {
            var current = Volatile.Read(ref _subscriptions);
            var next = current.Where(s => !match(s)).ToArray();
            if (Interlocked.CompareExchange(ref _subscriptions, next, current) == current) return;
        }
    }

    private sealed record Subscription(Type Channel, IActorRef? Actor, Action<object>? Callback);

    private sealed class Unsubscriber(EventStream stream, Subscription s) : IDisposable
    {
        public void Dispose() => stream.Remove(x => ReferenceEquals(x, s));
    }
}
