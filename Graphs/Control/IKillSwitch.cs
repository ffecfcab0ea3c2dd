namespace Sluice.Graphs.Control;

/// <summary>Stops streams from outside.</summary>
public interface IKillSwitch
{
    /// <summary>Completes downstream and cancels upstream of every flow this switch controls.</summary>
    void Shutdown();

    /// <summary>Fails downstream and cancels upstream with <paramref name="cause"/> (passed unchanged).</summary>
    void Abort(Exception cause);
}
