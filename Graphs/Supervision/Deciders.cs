namespace Sluice.Graphs.Supervision;

/// <summary>The common deciders.</summary>
public static class Deciders
{
    /// <summary>Always <see cref="SupervisionDirective.Stop"/> (the default).</summary>
    public static Decider Stopping { get; } = static _ => SupervisionDirective.Stop;

    /// <summary>Always <see cref="SupervisionDirective.Resume"/>.</summary>
    public static Decider Resuming { get; } = static _ => SupervisionDirective.Resume;

    /// <summary>Always <see cref="SupervisionDirective.Restart"/>.</summary>
    public static Decider Restarting { get; } = static _ => SupervisionDirective.Restart;
}
