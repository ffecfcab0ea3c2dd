using Sluice.Actors.Runtime;

namespace Sluice.Actors.Dispatch;

/// <summary>
/// Messages of the runtime itself (lifecycle, supervision, death watch). They bypass the user queue, are
/// processed before any user message, and are never lost: sent to a stopped actor they are answered as
/// dead (a Watch gets its death notification at once).
/// </summary>
internal abstract record SystemMessage;

/// <summary>Create the actor instance and run PreStart.</summary>
internal sealed record Create : SystemMessage
{
    public static readonly Create Instance = new();
}

/// <summary>The supervisor decided Restart.</summary>
internal sealed record Recreate(Exception Cause) : SystemMessage;

/// <summary>The supervisor decided Resume: continue with the next message.</summary>
internal sealed record Resume(Exception? Cause) : SystemMessage;

/// <summary>Stop the actor (children first, then PostStop, then notify watchers).</summary>
internal sealed record Terminate : SystemMessage
{
    public static readonly Terminate Instance = new();
}

/// <summary>A child failed: the supervisor applies its strategy.</summary>
internal sealed record Failed(InternalActorRef Child, Exception Cause, long Uid) : SystemMessage;

/// <summary><paramref name="Watcher"/> wants to know when <paramref name="Watchee"/> stops.</summary>
internal sealed record Watch(InternalActorRef Watchee, InternalActorRef Watcher) : SystemMessage;

/// <summary><paramref name="Watcher"/> no longer wants to know.</summary>
internal sealed record Unwatch(InternalActorRef Watchee, InternalActorRef Watcher) : SystemMessage;

/// <summary><paramref name="Actor"/> stopped; sent to its watchers and its parent.</summary>
internal sealed record DeathWatchNotification(InternalActorRef Actor, bool ExistenceConfirmed) : SystemMessage;
