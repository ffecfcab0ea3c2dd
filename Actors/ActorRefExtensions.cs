using Sluice.Actors.Runtime;

namespace Sluice.Actors;

/// <summary>Tell with the implicit sender, Ask, Forward and PipeTo.</summary>
public static class ActorRefExtensions
{
    /// <summary>Sends a message; inside an actor the sender is that actor, elsewhere there is none.</summary>
    public static void Tell(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        receiver.Tell(message, ActorCell.Current?.Self);
    }

    /// <summary>Sends a message keeping the current message's sender (inside an actor).</summary>
    public static void Forward(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        receiver.Tell(message, ActorCell.Current?.Sender);
    }

    /// <summary>
    /// Sends <paramref name="message"/> and returns the first reply as <typeparamref name="T"/>. A
    /// <see cref="Status.Failure"/> reply faults the task with its exception; no reply within
    /// <paramref name="timeout"/> faults it with an <see cref="AskTimeoutException"/> naming the target and the timeout.
    /// </summary>
    /// <param name="receiver">The actor to ask.</param>
    /// <param name="message">The question.</param>
    /// <param name="timeout">How long to wait; null uses <c>sluice.actor.ask-timeout</c>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static Task<T> Ask<T>(this IActorRef receiver, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        return AskSupport.Ask<T>(receiver, message, timeout, cancellationToken);
    }

    /// <summary>Sends the task's result (or a <see cref="Status.Failure"/>) to <paramref name="recipient"/> when it completes.</summary>
    public static Task PipeTo<T>(this Task<T> task, IActorRef recipient, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        sender ??= ActorCell.Current?.Self;
        return task.ContinueWith(
            t => recipient.Tell(t.IsCompletedSuccessfully ? t.Result! : new Status.Failure(t.Exception?.GetBaseException() ?? new TaskCanceledException()), sender),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
