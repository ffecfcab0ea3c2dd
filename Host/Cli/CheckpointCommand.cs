using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Actors.Configuration;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Host.Jobs;
using Spectre.Console;

namespace Sluice.Host.Cli;

/// <summary>
/// <c>sluice checkpoint inspect dir</c>, or <c>sluice checkpoint inspect --postgres "connection" --schema name</c>: what a
/// checkpoint holds, read-only (safe beside the running query).
/// </summary>
internal static class CheckpointCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo?>("dir") { Description = "The checkpoint directory, e.g. sluice-data/demo.", Arity = ArgumentArity.ZeroOrOne };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Inspect a checkpoint kept on PostgreSQL instead of a directory: the Npgsql connection string (\"Host=db;Database=sluice;Username=sluice;Password=...\"); with --schema.",
        };
        var schema = new Option<string?>("--schema") { Description = "With --postgres: the checkpoint's schema (a sluice job's: its checkpoint.schema, or schema-prefix + job name, e.g. sluice_wc)." };
        var json = new Option<bool>("--json") { Description = "Print the inspection as JSON instead of tables." };
        var shards = new Option<bool>("--shards") { Description = "List the state of every shard, not only per operator." };
        var inspect = new Command(
            "inspect",
            "Show a checkpoint: last committed batch, the batch a restart would run again, offsets per source, watermark, query id, " +
            "plan fingerprint and state sizes per operator and shard. Exit code 3 when it is damaged.\n" +
            "  sluice checkpoint inspect sluice-data/wc\n" +
            "  sluice checkpoint inspect --postgres \"Host=db;Database=sluice;Username=sluice;Password=...\" --schema sluice_wc");
        inspect.Arguments.Add(directory);
        inspect.Options.Add(postgres);
        inspect.Options.Add(schema);
        inspect.Options.Add(json);
        inspect.Options.Add(shards);
        inspect.SetAction((parse, ct) => InspectAsync(
            Location(parse.GetValue(directory), parse.GetValue(postgres), parse.GetValue(schema)),
            parse.GetValue(json),
            parse.GetValue(shards),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            ct));

        var command = new Command("checkpoint", "Inspect checkpoints.");
        command.Subcommands.Add(inspect);
        return command;
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

    internal static async Task<int> InspectAsync(
        (CheckpointLocation Location, string? ConnectionString) checkpointAt, bool json, bool allShards, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        CheckpointInspection checkpoint;
        try
        {
            checkpoint = await LongWork.RunAsync(
                "Reading the checkpoint and sizing its state...",
                async () =>
                {
                    if (checkpointAt.ConnectionString is { } connectionString)
                    {
                        await PostgresLogin.CheckAsync(connectionString, "checkpoint inspect", "--postgres", cancellationToken).ConfigureAwait(false);
                    }

                    return await CheckpointInspector.InspectAsync(checkpointAt.Location, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
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

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        Write(console, checkpoint, allShards);
        return ExitCodes.Ok;
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
}
