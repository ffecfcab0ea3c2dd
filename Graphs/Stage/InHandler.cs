namespace Sluice.Graphs.Stage;

/// <summary>Handles the events of an inlet: <see cref="OnPush"/>, upstream finish and failure.</summary>
public abstract class InHandler : PortHandler
{
    /// <inheritdoc />
    public abstract override void OnPush();
}
