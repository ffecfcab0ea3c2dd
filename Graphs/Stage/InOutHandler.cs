namespace Sluice.Graphs.Stage;

/// <summary>Handles both an inlet and an outlet: the usual handler of a linear operator.</summary>
public abstract class InOutHandler : PortHandler
{
    /// <inheritdoc />
    public abstract override void OnPush();

    /// <inheritdoc />
    public abstract override void OnPull();
}
