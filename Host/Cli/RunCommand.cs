using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Actors.Configuration;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Host.Configuration;
using Sluice.Host.Hosting;
using Sluice.Host.Jobs;
using Sluice.Host.Web;

namespace Sluice.Host.Cli;

/// <summary><c>sluice run job.conf</c>: runs the jobs of a configuration in a Generic Host until Ctrl+C or SIGTERM.</summary>
internal static class RunCommand
{
    public static Command Create(CommonOptions common, Option<int?> uiPort)
    {
        var file = new Argument<FileInfo>("job.conf") { Description = "The job's HOCON file (sluice.jobs = [...]); see hocon/examples/." };
        var command = new Command("run", "Run the jobs of a configuration file until Ctrl+C or SIGTERM (then: final checkpoint, exit 0), or until every query has ended (trigger = available-now or once).");
        command.Arguments.Add(file);
        common.AddTo(command);
        command.Options.Add(uiPort);
        command.SetAction((parse, ct) =>
        {
            var overrides = common.Overrides(parse).ToList();
            if (parse.GetValue(uiPort) is { } port)
            {
                overrides.Add($"sluice.ui.port={port}");
            }

            var config = ConfigLayers.Load([.. common.Files(parse), parse.GetValue(file)!.FullName], overrides);
            return RunAsync(config, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct);
        });
        return command;
    }

    /// <summary>Runs a host with <paramref name="config"/>'s jobs; returns the exit code.</summary>
    public static async Task<int> RunAsync(Config config, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Sluice.Host", LogLevel.Information);

        // A start that fails is reported below in one line that names the cause and the fix (exit code 2, 3 or 4); the
        // Generic Host would also log it with its stack trace. An exception not handled below still surfaces with its trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.AddSluice(o =>
        {
            o.Config = config;
            o.Output = output;
        });
        using var host = builder.Build();
        var service = host.Services.GetRequiredService<SluiceService>();

        // The host's console lifetime turns the first Ctrl+C or SIGTERM into a graceful stop; a second Ctrl+C forces exit.
        var interrupts = 0;
        using var forced = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            if (Interlocked.Increment(ref interrupts) > 1)
            {
                error.WriteLine("sluice: second Ctrl+C: exiting without the final checkpoint.");
                Environment.Exit(ExitCodes.Forced);
            }
        });
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StreamingQueryException e) when (!host.Services.GetRequiredService<SluiceService>().Queries.Active.Any())
        {
            await error.WriteLineAsync($"sluice: the job cannot start: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidConfiguration;
        }
        catch (CheckpointException e)
        {
            return await CheckpointRefusedAsync(error, e).ConfigureAwait(false);
        }
        catch (CheckpointUnavailableException e)
        {
            await error.WriteLineAsync($"sluice: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }
        catch (WebUiException e)
        {
            await error.WriteLineAsync($"sluice: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }

        if (service.Failure is CheckpointException checkpoint)
        {
            return await CheckpointRefusedAsync(error, checkpoint).ConfigureAwait(false);
        }

        if (service.Failure is { } failure)
        {
            await error.WriteLineAsync($"sluice: the job failed: {failure.Message}").ConfigureAwait(false);
            return ExitCodes.JobFailed;
        }

        return ExitCodes.Ok;
    }

    /// <summary>A damaged or incompatible checkpoint: its message names the file and the fix; exit code 3.</summary>
    private static async Task<int> CheckpointRefusedAsync(TextWriter error, CheckpointException e)
    {
        await error.WriteLineAsync($"sluice: the job's checkpoint cannot be used: {e.Message}").ConfigureAwait(false);
        return ExitCodes.CheckpointError;
    }
}
