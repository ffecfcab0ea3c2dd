namespace Sluice.Graphs.Supervision;

/// <summary>Decides how a stage reacts to an exception thrown by user code.</summary>
/// <param name="cause">The exception.</param>
/// <returns>The directive.</returns>
public delegate SupervisionDirective Decider(Exception cause);
