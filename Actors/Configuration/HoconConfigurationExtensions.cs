using Microsoft.Extensions.Configuration;

namespace Sluice.Actors.Configuration;

/// <summary>
/// Feeds HOCON configuration into Microsoft.Extensions.Configuration. Paths map to configuration keys with ':'
/// (<c>a.b.c</c> is <c>a:b:c</c>), list elements by index (<c>a:b:0</c>), values as their string form (numbers and
/// booleans as written, null as null); an empty object or list is a key with a null value, as the JSON provider
/// does.
/// </summary>
public static class HoconConfigurationExtensions
{
    /// <summary>Adds a config (resolved when the configuration is built).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="config">The HOCON configuration.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddHocon(this IConfigurationBuilder builder, Config config)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(config);
        return builder.Add(new HoconConfigurationSource(() => config));
    }

    /// <summary>Adds a HOCON, JSON or properties file (by extension), parsed and resolved when the configuration is
    /// built. A relative path is relative to the current directory.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The file.</param>
    /// <param name="optional">When true a missing file adds nothing; when false it is an error.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.Add(new HoconConfigurationSource(() => optional && !File.Exists(path) ? Config.Empty : Config.ParseFile(path)));
    }
}
