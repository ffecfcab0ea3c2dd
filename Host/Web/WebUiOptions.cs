namespace Sluice.Host.Web;

/// <summary>Where the web UI listens.</summary>
/// <param name="Host">The address to bind (127.0.0.1 by default: the UI has no authentication).</param>
/// <param name="Port">The port (4040 by default). The host does not start the UI when the configured port is 0
/// (<c>--ui-port 0</c>); <see cref="WebUi.StartAsync"/> itself takes 0 as "any free port", for tests.</param>
public sealed record WebUiOptions(string Host = "127.0.0.1", int Port = 4040);
