namespace Sluice.Actors.Supervision;

/// <summary>What a supervisor does with a child that threw.</summary>
public enum Directive
{
    /// <summary>Keep the child and its state; drop the failing message and go on with the next.</summary>
    Resume,
    /// <summary>Replace the child's instance with a fresh one from its Props; its mailbox is kept.</summary>
    Restart,
    /// <summary>Stop the child.</summary>
    Stop,
    /// <summary>Fail the supervisor itself with the same exception, for its own supervisor to decide.</summary>
    Escalate,
}
