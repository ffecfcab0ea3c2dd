using System.CommandLine;

namespace Sluice.Host.Cli;

/// <summary>Options every command that reads configuration accepts: <c>--config</c> and <c>--set</c>.</summary>
internal sealed class CommonOptions
{
    private readonly Option<string[]> _config = new("--config", "-c")
    {
        Description = "A HOCON configuration file; repeat it to layer several (a later file wins).",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string[]> _set = new("--set")
    {
        Description = "Override one setting, e.g. --set sluice.ui.port=4041; repeatable; wins over files and environment.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_config);
        command.Options.Add(_set);
    }

    public IReadOnlyList<string> Files(ParseResult parse) => parse.GetValue(_config) ?? [];

    public IReadOnlyList<string> Overrides(ParseResult parse) => parse.GetValue(_set) ?? [];
}
