using System.CommandLine;
using Sluice.Actors.Configuration;

namespace Sluice.Host.Cli;

/// <summary>Builds the <c>sluice</c> command line.</summary>
internal static class SluiceCommand
{
    public static RootCommand Create()
    {
        var common = new CommonOptions();
        var root = new RootCommand(
            """
            sluice: a real-time stream processor for .NET.

            Examples:
              sluice demo                                  run the windowed word count demo (data in ./sluice-data)
              sluice run hocon/examples/socket-wordcount.conf
              sluice queries                               list the queries of the host on http://127.0.0.1:4040
              sluice stop demo                             stop a query gracefully (final checkpoint)
              sluice config show --config app.conf --set sluice.ui.port=4041
              sluice checkpoint inspect sluice-data/demo   epochs, offsets, watermark and state sizes of a checkpoint
              sluice checkpoint inspect --postgres "Host=db;Database=sluice;Username=sluice" --schema sluice_wc
              sluice checkpoint inspect --config app.conf --job wc   a job's checkpoint, found as `sluice run` finds it
              sluice checkpoint init --config app.conf --job wc      create a PostgreSQL job's schema (create-schema = off)

            Exit codes: 0 ok (also after Ctrl+C with a final checkpoint), 1 job failed, 2 invalid configuration,
            3 checkpoint corrupt or incompatible, 4 resource unavailable (port in use, database down), 130 forced exit.
            """);
        var uiPort = new Option<int?>("--ui-port") { Description = "Port of the web UI (default 4040, sluice.ui.port); 0 disables it." };
        root.Subcommands.Add(DemoCommand.Create(common, uiPort));
        root.Subcommands.Add(RunCommand.Create(common, uiPort));
        foreach (var remote in RemoteCommands.Create())
        {
            root.Subcommands.Add(remote);
        }

        root.Subcommands.Add(ConfigCommand.Create(common));
        root.Subcommands.Add(CheckpointCommand.Create(common));
        root.Subcommands.Add(UiCostBenchmark.Create());
        return root;
    }

    /// <summary>Runs the command line, turning configuration errors into exit code 2 with the message on stderr.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var configuration = new InvocationConfiguration { Output = output ?? Console.Out, Error = error ?? Console.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await Create().Parse(args).InvokeAsync(configuration).ConfigureAwait(false);
        }
        catch (ConfigurationException e)
        {
            await configuration.Error.WriteLineAsync($"sluice: invalid configuration: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidConfiguration;
        }
    }
}
