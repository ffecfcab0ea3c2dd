namespace Sluice.Actors.Runtime;

/// <summary>Messages the runtime handles itself before (or instead of) the actor's behaviour.</summary>
#pragma warning disable CA1040 // a marker interface is the point
internal interface IAutoReceivedMessage { }
#pragma warning restore CA1040
