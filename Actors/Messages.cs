namespace Sluice.Actors;

/// <summary>Stops the actor when it is processed; messages queued before it are processed first.</summary>
public sealed class PoisonPill : Runtime.IAutoReceivedMessage
{
    /// <summary>The single instance.</summary>
    public static readonly PoisonPill Instance = new();
    private PoisonPill() { }
    /// <inheritdoc />
    public override string ToString() => "PoisonPill";
}

/// <summary>Makes the actor fail with an <see cref="ActorKilledException"/> (by default its supervisor stops it).</summary>
public sealed class Kill : Runtime.IAutoReceivedMessage
{
    /// <summary>The single instance.</summary>
    public static readonly Kill Instance = new();
    private Kill() { }
    /// <inheritdoc />
    public override string ToString() => "Kill";
}

/// <summary>Delivered to a watcher when a watched actor stopped (or was already dead when watched).</summary>
/// <param name="ActorRef">The actor that stopped.</param>
/// <param name="ExistenceConfirmed">False when the actor was already gone when the watch arrived.</param>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed);

/// <summary>Sent by <see cref="IActorContext.SetReceiveTimeout"/> after a period without messages.</summary>
public sealed class ReceiveTimeout : INotInfluenceReceiveTimeout
{
    /// <summary>The single instance.</summary>
    public static readonly ReceiveTimeout Instance = new();
    private ReceiveTimeout() { }
    /// <inheritdoc />
    public override string ToString() => "ReceiveTimeout";
}

/// <summary>Marks messages that do not reset the receive timeout.</summary>
#pragma warning disable CA1040 // a marker interface is the point
public interface INotInfluenceReceiveTimeout { }
#pragma warning restore CA1040

/// <summary>Asks any actor for its reference; it replies <see cref="ActorIdentity"/>.</summary>
/// <param name="CorrelationId">Returned unchanged in the reply.</param>
public sealed record Identify(object? CorrelationId) : Runtime.IAutoReceivedMessage;

/// <summary>The reply to <see cref="Identify"/>; <see cref="Subject"/> is null when nobody lives at the path.</summary>
public sealed record ActorIdentity(object? CorrelationId, IActorRef? Subject);

/// <summary>Replies that carry success or failure, understood by Ask and PipeTo.</summary>
public static class Status
{
    /// <summary>A successful outcome with an optional value.</summary>
    public sealed record Success(object? Value);

    /// <summary>A failed outcome; Ask faults its task with <see cref="Cause"/>.</summary>
    public sealed record Failure(Exception Cause);
}
