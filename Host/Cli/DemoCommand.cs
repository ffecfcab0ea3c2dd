using System.CommandLine;
using Sluice.Host.Configuration;

namespace Sluice.Host.Cli;

/// <summary><c>sluice demo</c>: the windowed word count over generated sentences; no server, no second terminal.</summary>
internal static class DemoCommand
{
    public static Command Create(CommonOptions common, Option<int?> uiPort)
    {
        var rate = new Option<int>("--rows-per-second") { Description = "Sentences generated per second.", DefaultValueFactory = _ => 20 };
        var command = new Command(
            "demo",
            "Run the demo: word counts over 10 s windows sliding every 5 s on event time (10 s watermark), printed in update mode every trigger; " +
            "checkpoint in ./sluice-data; dashboard on http://127.0.0.1:4040. Ctrl+C stops gracefully.");
        command.Options.Add(rate);
        common.AddTo(command);
        command.Options.Add(uiPort);
        command.SetAction((parse, ct) =>
        {
            var overrides = new List<string> { $"sluice.jobs=[{{ name = demo, type = word-count-demo, rows-per-second = {parse.GetValue(rate)} }}]" };
            overrides.AddRange(common.Overrides(parse));
            if (parse.GetValue(uiPort) is { } port)
            {
                overrides.Add($"sluice.ui.port={port}");
            }

            var config = ConfigLayers.Load(common.Files(parse), overrides);
            return RunCommand.RunAsync(config, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct);
        });
        return command;
    }
}
