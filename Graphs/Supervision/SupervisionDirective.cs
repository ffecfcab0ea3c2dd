namespace Sluice.Graphs.Supervision;

/// <summary>What a stage does after user code threw.</summary>
public enum SupervisionDirective
{
    /// <summary>Fail the stream with the exception (the default).</summary>
    Stop,

    /// <summary>Drop the element that caused the exception and go on.</summary>
    Resume,

    /// <summary>Drop the element, reset the stage's accumulated state, and go on.</summary>
    Restart,
}
