using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Actors.Configuration;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Host.Configuration;
using Sluice.Host.Hosting;
using Sluice.Host.Jobs;
using Spectre.Console;

namespace Sluice.Host.Cli;

/// <summary>
/// <c>sluice checkpoint inspect dir</c>, <c>sluice checkpoint inspect --postgres "connection" --schema name</c>, or
/// <c>sluice checkpoint inspect --config job.conf [--job name]</c>: what a checkpoint holds, read-only (safe beside the running
/// query). <c>sluice checkpoint init</c> creates a PostgreSQL checkpoint schema for a job that may not (create-schema = off).
/// </summary>
internal static class CheckpointCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CommonOptions common)
    {
        var directory = new Argument<DirectoryInfo?>("dir") { Description = "The checkpoint directory, e.g. sluice-data/demo.", Arity = ArgumentArity.ZeroOrOne };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Inspect a checkpoint kept on PostgreSQL instead of a directory: the Npgsql connection string (\"Host=db;Database=sluice;Username=sluice;Password=...\"); with --schema.",
        };
        var schema = new Option<string?>("--schema") { Description = "With --postgres: the checkpoint's schema (a sluice job's: its checkpoint.schema, or schema-prefix + job name, e.g. sluice_wc)." };
        var job = new Option<string?>("--job") { Description = "With --config: the job whose checkpoint to use, found as `sluice run` finds it (data directory, sluice.host.checkpoint, schema prefix)." };
        var json = new Option<bool>("--json") { Description = "Print the inspection as JSON instead of tables." };
        var shards = new Option<bool>("--shards") { Description = "List the state of every shard, not only per operator." };
        var inspect = new Command(
            "inspect",
            "Show a checkpoint: last committed batch, the batch a restart would run again, offsets per source, watermark, query id, " +
            "plan fingerprint and state sizes per operator and shard. Exit code 3 when it is damaged.\n" +
            "  sluice checkpoint inspect sluice-data/wc\n" +
            "  sluice checkpoint inspect --postgres \"Host=db;Database=sluice;Username=sluice;Password=...\" --schema sluice_wc\n" +
            "  sluice checkpoint inspect --config job.conf --job wc\n" +
            "  sluice checkpoint inspect --config job.conf            (every job: its checkpoint and last committed batch)");
        inspect.Arguments.Add(directory);
        inspect.Options.Add(postgres);
        inspect.Options.Add(schema);
        common.AddTo(inspect);
        inspect.Options.Add(job);
        inspect.Options.Add(json);
        inspect.Options.Add(shards);
        inspect.SetAction((parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var settings = Jobs(common, parse, parse.GetValue(job), directory: parse.GetValue(directory), postgres: parse.GetValue(postgres), schema: parse.GetValue(schema));
            if (settings is null)
            {
                var (location, connection) = Location(parse.GetValue(directory), parse.GetValue(postgres), parse.GetValue(schema));
                return InspectAsync(
                    location,
                    connection is null ? null : c => PostgresLogin.CheckAsync(connection, "checkpoint inspect", "--postgres", c),
                    null,
                    parse.GetValue(json),
                    parse.GetValue(shards),
                    output,
                    error,
                    ct);
            }

            if (parse.GetValue(job) is not { } name)
            {
                return ListAsync(settings, parse.GetValue(json), output, error, ct);
            }

            var checkpoint = settings.Checkpoint(name);
            return InspectAsync(checkpoint.Location, checkpoint.CheckReachableAsync, name, parse.GetValue(json), parse.GetValue(shards), output, error, ct);
        });

        var print = new Option<bool>("--print") { Description = "Print the SQL instead of running it (for a database administrator to run)." };
        var init = new Command(
            "init",
            "Create a PostgreSQL checkpoint schema and its tables (the checkpoint's and the state journal's), for a job with " +
            "checkpoint.create-schema = off. Idempotent.\n" +
            "  sluice checkpoint init --config job.conf --job wc\n" +
            "  sluice checkpoint init --postgres \"Host=db;Database=sluice;Username=owner;Password=...\" --schema sluice_wc [--print]");
        init.Options.Add(postgres);
        init.Options.Add(schema);
        common.AddTo(init);
        init.Options.Add(job);
        init.Options.Add(print);
        init.SetAction((parse, ct) =>
        {
            var settings = Jobs(common, parse, parse.GetValue(job), directory: null, postgres: parse.GetValue(postgres), schema: parse.GetValue(schema));
            string connection, name, subject, settingPath;
            if (settings is null)
            {
                var (_, given) = Location(null, parse.GetValue(postgres) ?? throw new ConfigurationException(
                    "checkpoint init needs the schema to create: --config job.conf --job name, or --postgres \"connection string\" --schema name."), parse.GetValue(schema));
                (connection, name, subject, settingPath) = (given!, parse.GetValue(schema)!, "checkpoint init", "--postgres");
            }
            else
            {
                var jobName = parse.GetValue(job) ?? throw new ConfigurationException("checkpoint init --config needs --job, the job whose checkpoint schema to create.");
                var checkpoint = settings.Checkpoint(jobName);
                if (!checkpoint.IsPostgres)
                {
                    throw new ConfigurationException(
                        $"Job '{jobName}' keeps its checkpoint in the folder '{checkpoint.Directory}' (SQLite), which it creates itself: checkpoint init is for a PostgreSQL checkpoint (checkpoint.kind = postgres).");
                }

                (connection, name, subject, settingPath) = (checkpoint.ConnectionString!, checkpoint.Schema!, $"Job '{jobName}'", checkpoint.ConnectionPath);
            }

            return InitAsync(connection, name, subject, settingPath, parse.GetValue(print), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct);
        });

        var command = new Command("checkpoint", "Inspect checkpoints; create a PostgreSQL checkpoint schema.");
        command.Subcommands.Add(inspect);
        command.Subcommands.Add(init);
        return command;
    }

    /// <summary>
    /// With --config: the host's settings, read by the same code as <c>sluice run</c> (<see cref="ConfigLayers.Load"/>, then
    /// <see cref="HostSettings.From"/>); without: null (the checkpoint is named on the command line).
    /// </summary>
    private static HostSettings? Jobs(CommonOptions common, ParseResult parse, string? job, DirectoryInfo? directory, string? postgres, string? schema)
    {
        var files = common.Files(parse);
        if (files.Count == 0)
        {
            return job is null
                ? null
                : throw new ConfigurationException($"--job {job} names a job of a configuration: give its file with --config job.conf.");
        }

        if (directory is not null || postgres is not null || schema is not null)
        {
            throw new ConfigurationException("--config finds the checkpoint through the job's settings: give --job name, not also a directory, --postgres or --schema.");
        }

        return HostSettings.From(ConfigLayers.Load(files, common.Overrides(parse)));
    }

    /// <summary>The checkpoint the command line names: a directory, or a PostgreSQL schema.</summary>
    /// <exception cref="ConfigurationException">Neither or both are given, or --postgres without --schema, or a malformed connection string.</exception>
    private static (CheckpointLocation Location, string? ConnectionString) Location(DirectoryInfo? directory, string? postgres, string? schema)
    {
        if (postgres is null)
        {
            return directory is not null && schema is null
                ? (CheckpointLocation.Directory(directory.FullName), null)
                : throw new ConfigurationException(schema is null
                    ? "checkpoint inspect needs a checkpoint: a directory (sluice checkpoint inspect sluice-data/wc), or --postgres \"connection string\" --schema name."
                    : "--schema names a PostgreSQL checkpoint: give its connection string with --postgres \"Host=db;Database=sluice;Username=sluice;Password=...\".");
        }

        if (directory is not null)
        {
            throw new ConfigurationException($"Give either a checkpoint directory ('{directory}') or --postgres, not both.");
        }

        if (string.IsNullOrWhiteSpace(schema))
        {
            throw new ConfigurationException("--postgres needs --schema, the checkpoint's schema (a sluice job's: its checkpoint.schema, or schema-prefix + job name, e.g. sluice_wc).");
        }

        try
        {
            return (CheckpointLocation.Postgres(postgres, schema), postgres);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"--postgres is not an Npgsql connection string: {e.Message.TrimEnd('.')}. Write it as \"Host=db;Port=5432;Database=sluice;Username=sluice;Password=...\".", e);
        }
    }

    /// <summary>Inspects one checkpoint and prints the report; <paramref name="job"/> names the job it belongs to (--config), for messages.</summary>
    private static async Task<int> InspectAsync(
        CheckpointLocation location, Func<CancellationToken, Task>? check, string? job, bool json, bool allShards, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        CheckpointInspection checkpoint;
        try
        {
            checkpoint = await LongWork.RunAsync("Reading the checkpoint and sizing its state...", () => ReadAsync(location, check, cancellationToken)).ConfigureAwait(false);
        }
        catch (CheckpointException e) when (job is not null && !e.IsDamaged)
        {
            await error.WriteLineAsync($"sluice: job '{job}' has no checkpoint yet at {location}: it has never run.").ConfigureAwait(false);
            return ExitCodes.InvalidConfiguration;
        }
        catch (CheckpointException e)
        {
            await error.WriteLineAsync($"sluice: {e.Message}").ConfigureAwait(false);
            return e.IsDamaged ? ExitCodes.CheckpointError : ExitCodes.InvalidConfiguration;
        }
        catch (Exception e) when (e is CheckpointUnavailableException or StreamingQueryException)
        {
            await error.WriteLineAsync($"sluice: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }

        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(checkpoint, Json)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        Write(Console(output), checkpoint, allShards);
        return ExitCodes.Ok;
    }

    private static async Task<CheckpointInspection> ReadAsync(CheckpointLocation location, Func<CancellationToken, Task>? check, CancellationToken cancellationToken)
    {
        if (check is not null)
        {
            await check(cancellationToken).ConfigureAwait(false);
        }

        return await CheckpointInspector.InspectAsync(location, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>--config</c> without <c>--job</c>: every job's checkpoint location and last committed batch.</summary>
    private static async Task<int> ListAsync(HostSettings settings, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var rows = new List<JobCheckpointRow>(settings.Jobs.Count);
        var code = ExitCodes.Ok;
        foreach (var (name, _, _, checkpoint) in settings.Jobs)
        {
            long? batch = null;
            string state;
            try
            {
                var inspection = await ReadAsync(checkpoint.Location, checkpoint.CheckReachableAsync, cancellationToken).ConfigureAwait(false);
                batch = inspection.LastCommittedBatch;
                state = batch is null ? "none yet" : Number(batch.Value);
            }
            catch (CheckpointException e) when (!e.IsDamaged)
            {
                state = "no checkpoint yet: never run";
            }
            catch (CheckpointException e)
            {
                await error.WriteLineAsync($"sluice: job '{name}': {e.Message}").ConfigureAwait(false);
                state = "damaged (see above)";
                code = ExitCodes.CheckpointError;
            }
            catch (Exception e) when (e is CheckpointUnavailableException or StreamingQueryException)
            {
                // An unreachable server's message already names the job.
                await error.WriteLineAsync(e is CheckpointUnavailableException ? $"sluice: {e.Message}" : $"sluice: job '{name}': {e.Message}").ConfigureAwait(false);
                state = "unavailable (see above)";
                code = code == ExitCodes.Ok ? ExitCodes.Unavailable : code;
            }

            rows.Add(new JobCheckpointRow(name, checkpoint.Location.ToString(), batch, state));
        }

        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(rows, Json)).ConfigureAwait(false);
            return code;
        }

        var table = new Table().Title("Checkpoints").AddColumns("job", "checkpoint", "last committed batch");
        foreach (var row in rows)
        {
            table.AddRow(Text(row.Job), Text(row.Location), Text(row.State));
        }

        Console(output).Write(table);
        return code;
    }

    private static async Task<int> InitAsync(string connection, string schema, string subject, string settingPath, bool print, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (print)
        {
            await output.WriteAsync(JobCheckpoint.InitScript(schema)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        try
        {
            await JobCheckpoint.InitAsync(connection, schema, subject, settingPath, cancellationToken).ConfigureAwait(false);
        }
        catch (CheckpointUnavailableException e)
        {
            await error.WriteLineAsync($"sluice: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }

        await output.WriteLineAsync($"Created {CheckpointLocation.Postgres(connection, schema)} (checkpoint and state journal tables).").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static IAnsiConsole Console(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        return console;
    }

    private static void Write(IAnsiConsole console, CheckpointInspection c, bool allShards)
    {
        var summary = new Table().Title("Checkpoint").AddColumns("", "");
        summary.ShowHeaders = false;
        summary.AddRow("location", Text(c.Location));
        summary.AddRow("query id", c.QueryId.ToString("D"));
        summary.AddRow("last committed batch", c.LastCommitted is { } committed ? Batch(committed) : "none yet");
        summary.AddRow("uncommitted batch", c.Uncommitted is { } pending ? Batch(pending) + " (a restart runs it again)" : "none");
        summary.AddRow("watermark (next batch)", Time(c.WatermarkMs));
        summary.AddRow("plan: sources", Text(string.Join(", ", c.SourceKinds)));
        summary.AddRow("plan: stateful operators", Text(c.StatefulOperators.Count == 0 ? "none" : string.Join(", ", c.StatefulOperators)));
        summary.AddRow("plan: shards", c.NumberOfShards.ToString(CultureInfo.InvariantCulture));
        summary.AddRow("state journal", Text(c.StateLocation ?? (c.StatefulOperators.Count == 0 ? "none (stateless)" : "none kept with this checkpoint (state kept in memory or elsewhere)")));
        console.Write(summary);

        var sources = new Table().Title("Sources").AddColumns("#", "kind", "committed offset", "uncommitted offset", "log entries");
        foreach (var s in c.Sources)
        {
            sources.AddRow(Number(s.Index), Text(s.Kind), Number(s.CommittedOffset), s.PlannedOffset is { } p ? Number(p) : "-", Number(s.LogEntries));
        }

        console.Write(sources);
        if (c.State.Count == 0)
        {
            return;
        }

        var state = new Table().Title("State").AddColumns("operator", allShards ? "shard" : "shards", "events", "event bytes", "snapshots", "snapshot bytes", "bytes");
        foreach (var op in c.State.GroupBy(s => s.Operator))
        {
            if (allShards)
            {
                foreach (var s in op)
                {
                    state.AddRow(Text(s.Operator), Number(s.Shard), Number(s.Events), Number(s.EventBytes), Number(s.Snapshots), Number(s.SnapshotBytes), Number(s.Bytes));
                }
            }
            else
            {
                state.AddRow(
                    Text(op.Key), Number(op.Count()), Number(op.Sum(s => s.Events)), Number(op.Sum(s => s.EventBytes)),
                    Number(op.Sum(s => s.Snapshots)), Number(op.Sum(s => s.SnapshotBytes)), Number(op.Sum(s => s.Bytes)));
            }
        }

        console.Write(state);
    }

    private static string Batch(CheckpointEpoch e) =>
        $"{Number(e.BatchId)} (watermark {Time(e.WatermarkMs)}, started {e.BatchTimestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)}{(e.IsNoDataBatch ? ", no-data batch" : string.Empty)})";

    private static string Time(long ms) =>
        ms == 0 ? "0 (none yet)" : DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(string value) => Markup.Escape(value);

    /// <summary>A row of <c>sluice checkpoint inspect --config job.conf</c>.</summary>
    private sealed record JobCheckpointRow(string Job, string Location, long? LastCommittedBatch, string State);
}
