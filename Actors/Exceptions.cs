namespace Sluice.Actors;

/// <summary>Base of the actor runtime's exceptions.</summary>
public class ActorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActorException() { }
    /// <summary>Creates the exception.</summary>
    public ActorException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    public ActorException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>The constructor or <see cref="ActorBase.PreStart"/> of an actor threw; by default the actor is stopped.</summary>
public sealed class ActorInitializationException : ActorException
{
    /// <summary>Creates the exception.</summary>
    public ActorInitializationException() { }
    /// <summary>Creates the exception.</summary>
    public ActorInitializationException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    public ActorInitializationException(string message, Exception? inner) : base(message, inner) { }
    /// <summary>The actor that failed to start.</summary>
    public IActorRef? Actor { get; init; }
}

/// <summary>Thrown inside an actor that received <see cref="Kill"/>.</summary>
public sealed class ActorKilledException : ActorException
{
    /// <summary>Creates the exception.</summary>
    public ActorKilledException() : base("Kill") { }
    /// <summary>Creates the exception.</summary>
    public ActorKilledException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    public ActorKilledException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>An actor did not handle the <see cref="Terminated"/> of an actor it watched.</summary>
public sealed class DeathPactException : ActorException
{
    /// <summary>Creates the exception.</summary>
    public DeathPactException() { }
    /// <summary>Creates the exception.</summary>
    public DeathPactException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    public DeathPactException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>An actor name is empty, reserved or already taken by a sibling.</summary>
public sealed class InvalidActorNameException : ActorException
{
    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException() { }
    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>No actor lives at the path of an <see cref="ActorSelection"/>.</summary>
public sealed class ActorNotFoundException : ActorException
{
    /// <summary>Creates the exception.</summary>
    public ActorNotFoundException() { }
    /// <summary>Creates the exception.</summary>
    public ActorNotFoundException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    public ActorNotFoundException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>An Ask got no reply in time. The message names the target's path and the timeout.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public AskTimeoutException() { }
    /// <summary>Creates the exception.</summary>
    public AskTimeoutException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    public AskTimeoutException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>More messages were stashed than <c>sluice.actor.stash-capacity</c> allows.</summary>
public sealed class StashOverflowException : ActorException
{
    /// <summary>Creates the exception.</summary>
    public StashOverflowException() { }
    /// <summary>Creates the exception.</summary>
    public StashOverflowException(string message) : base(message) { }
    /// <summary>Creates the exception.</summary>
    public StashOverflowException(string message, Exception? inner) : base(message, inner) { }
}
