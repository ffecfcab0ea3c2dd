using Sluice.Actors.Configuration;

namespace Sluice.Host.Hosting;

/// <summary>Options of <see cref="SluiceServiceCollectionExtensions.AddSluice"/>.</summary>
public sealed class SluiceOptions
{
    /// <summary>The effective configuration (default: <c>reference.conf</c> with SLUICE_* environment overrides).</summary>
    public Config Config { get; set; } = Config.FromEnvironment().WithFallback(Config.Reference).Resolve();

    /// <summary>Where console sinks print (default: standard output).</summary>
    public TextWriter Output { get; set; } = Console.Out;
}
