namespace Sluice.Actors.Scheduling;

/// <summary>A scheduled task that can be cancelled.</summary>
public interface ICancelable
{
    /// <summary>Cancels the task; a run already started finishes.</summary>
    void Cancel();

    /// <summary>True once cancelled.</summary>
    bool IsCancellationRequested { get; }
}
