using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sluice.Host.Hosting;

/// <summary>Adds Sluice to a Generic Host.</summary>
public static class SluiceServiceCollectionExtensions
{
    /// <summary>
    /// Runs Sluice in the host: the actor system, the web UI (<c>sluice.ui</c>) and the jobs of <c>sluice.jobs</c>
    /// start with the host; stopping the host stops every query (final checkpoint), then the UI and the actor system.
    /// </summary>
    /// <example>
    /// <code>
    /// var builder = Host.CreateApplicationBuilder(args);
    /// builder.Services.AddSluice(o => o.Config = ConfigLayers.Load(["job.conf"], []));
    /// await builder.Build().RunAsync();
    /// </code>
    /// </example>
    public static IServiceCollection AddSluice(this IServiceCollection services, Action<SluiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new SluiceOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddSingleton<SluiceService>();
        services.AddHostedService(sp => sp.GetRequiredService<SluiceService>());
        return services;
    }
}
