using Microsoft.Extensions.Logging;
using Sluice.Actors.Runtime;
using Sluice.Actors.Scheduling;
using Sluice.Actors.Supervision;

namespace Sluice.Actors;

/// <summary>
/// The base of every actor. An actor processes one message at a time in <see cref="Receive"/>, usually a
/// <c>switch</c> over message records, and calls <see cref="Unhandled"/> for anything else.
/// Instances are created by the runtime from <see cref="Props"/>, never with <c>new</c> directly.
/// </summary>
/// <example><code>
/// sealed class Counter : ActorBase
/// {
///     int _n;
///     protected override void Receive(object message)
///     {
///         switch (message)
///         {
///             case Increment: _n++; break;
///             case GetCount: Sender.Tell(_n); break;
///             default: Unhandled(message); break;
///         }
///     }
/// }
/// </code></example>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    /// <summary>Binds the new instance to the cell that is creating it.</summary>
    /// <exception cref="InvalidOperationException">Created with <c>new</c> instead of through <see cref="Props"/>.</exception>
    protected ActorBase()
    {
        _cell = ActorCell.Constructing ?? throw new InvalidOperationException(
            $"{GetType().Name} was created with 'new'. Create actors with ActorOf(Props.Create(() => new {GetType().Name}(...))).");
    }

    /// <summary>The context of this actor.</summary>
    protected IActorContext Context => _cell;

    /// <summary>This actor.</summary>
    protected IActorRef Self => _cell.Self;

    /// <summary>The sender of the message being processed.</summary>
    protected IActorRef Sender => _cell.Sender;

    /// <summary>A logger whose entries carry this actor's path.</summary>
    protected ILogger Log => _cell.Log;

    /// <summary>Keyed single and periodic timers, cancelled on restart and stop.</summary>
    protected ITimerScheduler Timers => _cell.Timers;

    /// <summary>Messages set aside for later: <c>Stash.Stash()</c> keeps the current one, <c>UnstashAll()</c> puts them back in front of the mailbox.</summary>
    protected IStash Stash => _cell.Stash;

    /// <summary>How this actor supervises its children (default: restart on any exception but initialization failures).</summary>
    public virtual SupervisorStrategy SupervisorStrategy => SupervisorStrategy.Default;

    /// <summary>Processes one message.</summary>
    protected abstract void Receive(object message);

    /// <summary>Marks a message as not understood: published as <see cref="Events.UnhandledMessage"/>; an unhandled <see cref="Terminated"/> fails the actor with a <see cref="DeathPactException"/>.</summary>
    protected void Unhandled(object message) => _cell.Unhandled(message);

    /// <summary>Runs before the first message (and, by default, after a restart).</summary>
    protected virtual void PreStart() { }

    /// <summary>Runs after the actor stopped (and, by default, before a restart).</summary>
    protected virtual void PostStop() { }

    /// <summary>Runs on the failed instance before a restart. The default stops all children and calls <see cref="PostStop"/>.</summary>
    /// <param name="reason">The exception that caused the restart.</param>
    /// <param name="message">The message being processed when it failed, if any.</param>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in _cell.Children) _cell.Stop(child);
        PostStop();
    }

    /// <summary>Runs on the fresh instance after a restart. The default calls <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    // The runtime's entry points into the protected hooks.
    internal void InvokeReceive(object message) => Receive(message);
    internal void InvokePreStart() => PreStart();
    internal void InvokePostStop() => PostStop();
    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);
    internal void InvokePostRestart(Exception reason) => PostRestart(reason);
}
