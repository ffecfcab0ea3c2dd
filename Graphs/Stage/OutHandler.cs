namespace Sluice.Graphs.Stage;

/// <summary>Handles the events of an outlet: <see cref="OnPull"/> and downstream cancellation.</summary>
public abstract class OutHandler : PortHandler
{
    /// <inheritdoc />
    public abstract override void OnPull();
}
