using Sluice.Actors.Configuration;

namespace Sluice.Host.Configuration;

/// <summary>
/// The effective configuration of a <c>sluice</c> process, from lowest to highest precedence: the embedded
/// <c>reference.conf</c>, the HOCON files given with <c>--config</c> (a later file wins over an earlier one),
/// environment variables (<c>SLUICE_A__B_C=v</c> sets <c>sluice.a.b-c</c>), then <c>--set path=value</c> on the
/// command line. Every value keeps its origin, so <c>sluice config show</c> can say where it came from.
/// </summary>
public static class ConfigLayers
{
    /// <summary>Loads and resolves the layers.</summary>
    /// <param name="files">HOCON files, in increasing precedence.</param>
    /// <param name="overrides"><c>path=value</c> pairs from <c>--set</c>, in increasing precedence.</param>
    /// <param name="environment">Environment variables (null: the process's).</param>
    /// <exception cref="ConfigurationException">A file is missing or invalid, or an override is malformed.</exception>
    public static Config Load(
        IReadOnlyList<string> files,
        IReadOnlyList<string> overrides,
        IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(overrides);
        var config = Config.Empty;
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new ConfigurationException(
                    $"The configuration file '{file}' does not exist (full path: {Path.GetFullPath(file)}). Check the --config argument.");
            }

            config = Config.ParseFile(file).WithFallback(config);
        }

        config = (environment is null ? Config.FromEnvironment() : Config.FromEnvironment("SLUICE_", environment)).WithFallback(config);
        for (var i = 0; i < overrides.Count; i++)
        {
            config = ParseOverride(overrides[i]).WithFallback(config);
        }

        return config.WithFallback(Config.Reference).Resolve();
    }

    private static Config ParseOverride(string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ConfigurationException(
                $"--set '{assignment}' is not of the form path=value. Example: --set sluice.ui.port=4041");
        }

        var path = assignment[..equals].Trim();
        var value = assignment[(equals + 1)..].Trim();
        try
        {
            return Config.Parse($"{path} = {value}", $"--set {path}");
        }
        catch (ConfigurationException)
        {
            // Not a HOCON value on its own (a path with spaces, say): take it as a quoted string.
            var quoted = "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
            return Config.Parse($"{path} = {quoted}", $"--set {path}");
        }
    }
}
