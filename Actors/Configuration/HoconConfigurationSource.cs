using Microsoft.Extensions.Configuration;

namespace Sluice.Actors.Configuration;

/// <summary>The Microsoft.Extensions.Configuration source of <see cref="HoconConfigurationExtensions"/>.</summary>
internal sealed class HoconConfigurationSource(Func<Config> load) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(load);
}
