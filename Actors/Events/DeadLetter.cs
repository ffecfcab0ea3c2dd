namespace Sluice.Actors.Events;

/// <summary>A message that could not be delivered (its recipient had stopped, or its mailbox was full).</summary>
/// <param name="Message">The undelivered message.</param>
/// <param name="Sender">Who sent it, if known.</param>
/// <param name="Recipient">Who it was for.</param>
/// <param name="Reason">Why it was not delivered, when not simply "recipient stopped".</param>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient, string? Reason = null);

/// <summary>A message an actor passed to <c>Unhandled</c>.</summary>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);
