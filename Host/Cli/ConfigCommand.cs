using System.CommandLine;
using Sluice.Actors.Configuration;
using Sluice.Host.Configuration;

namespace Sluice.Host.Cli;

/// <summary><c>sluice config show</c>: the effective configuration with the origin of every value.</summary>
internal static class ConfigCommand
{
    public static Command Create(CommonOptions common)
    {
        var show = new Command("show", "Print the effective configuration (reference.conf < --config files < SLUICE_* environment < --set), with where each value came from.");
        var prefix = new Option<string?>("--path") { Description = "Only settings under this path, e.g. sluice.persistence." };
        show.Options.Add(prefix);
        common.AddTo(show);
        show.SetAction(parse =>
        {
            var config = ConfigLayers.Load(common.Files(parse), common.Overrides(parse));
            Write(config, parse.GetValue(prefix), parse.InvocationConfiguration.Output);
            return ExitCodes.Ok;
        });

        var command = new Command("config", "Inspect configuration.");
        command.Subcommands.Add(show);
        return command;
    }

    internal static void Write(Config config, string? pathPrefix, TextWriter output)
    {
        var entries = config.Entries()
            .Where(e => pathPrefix is null || e.Key == pathPrefix || e.Key.StartsWith(pathPrefix.TrimEnd('.') + ".", StringComparison.Ordinal))
            .ToList();
        var width = entries.Count == 0 ? 0 : entries.Max(e => e.Key.Length + e.Value.Length + 3);
        foreach (var (key, value) in entries)
        {
            var line = $"{key} = {value}";
            output.WriteLine($"{line.PadRight(width)}  # {config.GetOrigin(key)}");
        }
    }
}
