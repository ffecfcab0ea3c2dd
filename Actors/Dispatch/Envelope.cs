namespace Sluice.Actors.Dispatch;

/// <summary>A message and its sender as they sit in a mailbox. A struct, so queuing allocates nothing.</summary>
internal readonly record struct Envelope(object Message, IActorRef? Sender);
