using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sluice.Actors;
using Sluice.Actors.Configuration;
using Sluice.Actors.Scheduling;
using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Windows;
using Sluice.Host.Cli;

namespace Sluice.Host.Tests.Cli;

public sealed class CheckpointInspectTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-inspect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Inspecting_a_windowed_count_shows_its_batches_offsets_watermark_plan_and_state()
    {
        var queryId = await RunWindowedCountAsync();

        var checkpoint = await CheckpointInspector.InspectAsync(_dir);

        Assert.Equal(queryId, checkpoint.QueryId);
        // Batch 0: a@12:00, b@12:00; no-data batch 1 runs with watermark 11:50; batch 2: a@12:21; no-data batch 3 runs
        // with 12:11 and emits the two windows that end by then; the next batch would run with 12:11.
        Assert.Equal(3, checkpoint.LastCommittedBatch);
        var last = checkpoint.LastCommitted!;
        Assert.Equal(
            (3L, 3L, 3L, Noon.AddMinutes(11).ToUnixTimeMilliseconds(), Noon.AddHours(1), true),
            (last.BatchId, Assert.Single(last.StartOffsets), Assert.Single(last.EndOffsets), last.WatermarkMs, last.BatchTimestamp, last.IsNoDataBatch));
        Assert.Null(checkpoint.Uncommitted);
        Assert.Equal(Noon.AddMinutes(11), checkpoint.Watermark);
        Assert.Equal([new CheckpointSource(0, "MemorySource<Word>", 3, null, 0)], checkpoint.Sources);
        Assert.Equal(["MemorySource<Word>"], checkpoint.SourceKinds);
        Assert.Equal(4, checkpoint.NumberOfShards);
        Assert.Equal(Path.Combine(_dir, "persistence.db"), checkpoint.StateLocation);

        // The state's keys are (word, window): six of them, spread over the 4 shards by Murmur3; a shard persists one changelog
        // event per epoch that changed it (adds in batches 0 and 2, the evictions of batch 3), and no snapshot yet.
        Assert.Equal(["window-aggregate: String"], checkpoint.StatefulOperators);
        Assert.Equal(ExpectedShards, checkpoint.State.Select(s => $"{s.Operator} {s.Shard}: {s.Events} events {s.EventBytes} B, {s.Snapshots} snapshots {s.SnapshotBytes} B"));
    }

    [Fact]
    public async Task The_command_prints_tables_and_json_of_the_same_checkpoint()
    {
        var queryId = await RunWindowedCountAsync();
        var (code, output, error) = await InspectAsync(json: false);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains(queryId.ToString("D"), output, StringComparison.Ordinal);
        Assert.Contains("│ last committed batch     │ 3 (watermark 2026-01-01 12:11:00.000, started 2026-01-01 13:00:00.000, no-data batch)", output, StringComparison.Ordinal);
        Assert.Contains("│ uncommitted batch        │ none", output, StringComparison.Ordinal);
        Assert.Contains("│ 0 │ MemorySource<Word> │ 3                │ -                  │ 0           │", output, StringComparison.Ordinal);
        Assert.Contains("│ plan: stateful operators │ window-aggregate: String ", output, StringComparison.Ordinal);
        Assert.Contains("│ 0-window-aggregate │ 4      │ 7      │ 997         │ 0         │ 0              │ 997   │", output, StringComparison.Ordinal);

        var (jsonCode, json, _) = await InspectAsync(json: true);
        Assert.Equal(ExitCodes.Ok, jsonCode);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(queryId, root.GetProperty("queryId").GetGuid());
        Assert.Equal(3, root.GetProperty("lastCommitted").GetProperty("batchId").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("uncommitted").ValueKind);
        Assert.Equal(Noon.AddMinutes(11).ToUnixTimeMilliseconds(), root.GetProperty("watermarkMs").GetInt64());
        Assert.Equal(3, root.GetProperty("sources")[0].GetProperty("committedOffset").GetInt64());
        Assert.Equal(ExpectedShards.Length, root.GetProperty("state").GetArrayLength());
    }

    [Fact]
    public async Task A_batch_planned_but_not_committed_is_shown_as_the_one_a_restart_runs_again()
    {
        await RunWindowedCountAsync();
        var planned = new { BatchId = 4, StartOffsets = new[] { 3L }, EndOffsets = new[] { 5L }, WatermarkMs = Noon.AddMinutes(11).ToUnixTimeMilliseconds(), PreviousWatermarkMs = Noon.AddMinutes(11).ToUnixTimeMilliseconds(), BatchTimestampMs = Noon.AddHours(2).ToUnixTimeMilliseconds(), IsNoDataBatch = false };
        await ExecuteAsync("INSERT INTO offsets (batch_id, entry) VALUES (4, $entry);", JsonSerializer.Serialize(planned));

        var checkpoint = await CheckpointInspector.InspectAsync(_dir);

        Assert.Equal(3, checkpoint.LastCommittedBatch);
        var uncommitted = checkpoint.Uncommitted!;
        Assert.Equal((4L, 3L, 5L, Noon.AddHours(2), false), (uncommitted.BatchId, uncommitted.StartOffsets[0], uncommitted.EndOffsets[0], uncommitted.BatchTimestamp, uncommitted.IsNoDataBatch));
        Assert.Equal([new CheckpointSource(0, "MemorySource<Word>", 3, 5, 0)], checkpoint.Sources);
        var (_, output, _) = await InspectAsync(json: false);
        Assert.Contains("│ uncommitted batch        │ 4 (watermark 2026-01-01 12:11:00.000, started 2026-01-01 14:00:00.000) (a restart runs it again)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_missing_its_commit_log_is_damaged()
    {
        await RunWindowedCountAsync();
        await ExecuteAsync("DROP TABLE commits;", null);

        var (code, _, error) = await InspectAsync(json: false);

        Assert.Equal(ExitCodes.CheckpointError, code);
        Assert.Contains("is damaged: the table 'commits' is missing. Sluice never restarts a damaged checkpoint from zero", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_checkpoint_database_is_named_damaged_with_exit_code_3_and_the_fix()
    {
        await RunWindowedCountAsync();
        var file = Path.Combine(_dir, "checkpoint.db");
        await using (var stream = new FileStream(file, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        var (code, output, error) = await InspectAsync(json: false);

        Assert.Equal(ExitCodes.CheckpointError, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"sluice: The checkpoint database '{file}' is damaged: ", error, StringComparison.Ordinal);
        Assert.Contains("restore the directory from a backup, or start the query on a new checkpoint location", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_file_that_is_not_a_database_is_damaged()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "checkpoint.db"), "not a database, just text that is long enough to have a header of its own");

        var (code, _, error) = await InspectAsync(json: false);

        Assert.Equal(ExitCodes.CheckpointError, code);
        Assert.Contains("is damaged: SQLite Error 26: 'file is not a database'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task State_without_its_checkpoint_database_is_a_damaged_checkpoint()
    {
        await File.WriteAllBytesAsync(Path.Combine(_dir, "persistence.db"), []);

        var (code, _, error) = await InspectAsync(json: false);

        Assert.Equal(ExitCodes.CheckpointError, code);
        Assert.Contains("the directory holds query state", error, StringComparison.Ordinal);
        Assert.Contains("the checkpoint was deleted or moved", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_that_is_not_a_checkpoint_is_an_error_naming_what_to_give_instead()
    {
        var (code, output, error) = await InspectAsync(json: false);
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal(
            $"sluice: '{_dir}' is not a checkpoint: it has no 'checkpoint.db'. Give the checkpoint location of a query (sluice jobs keep theirs in sluice-data/<job name>).",
            error.TrimEnd());

        var missing = Path.Combine(_dir, "nope");
        var (missingCode, _, missingError) = await RunCommandAsync("checkpoint", "inspect", missing);
        Assert.Equal(ExitCodes.InvalidConfiguration, missingCode);
        Assert.StartsWith($"sluice: '{missing}' does not exist", missingError, StringComparison.Ordinal);
    }

    private static readonly string[] ExpectedShards =
    [
        "0-window-aggregate 0: 1 events 39 B, 0 snapshots 0 B",
        "0-window-aggregate 1: 1 events 39 B, 0 snapshots 0 B",
        "0-window-aggregate 2: 3 events 553 B, 0 snapshots 0 B",
        "0-window-aggregate 3: 2 events 366 B, 0 snapshots 0 B",
    ];

    private async Task ExecuteAsync(string sql, string? entry)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "checkpoint.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (entry is not null)
        {
            command.Parameters.AddWithValue("$entry", entry);
        }

        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Inspecting_a_job_of_a_config_prints_exactly_the_report_of_the_folder_sluice_run_gives_it()
    {
        await RunWindowedCountAsync();
        var conf = await JobConfAsync();

        foreach (var flags in new string[][] { [], ["--shards"], ["--json"] })
        {
            var byDirectory = await RunCommandAsync(["checkpoint", "inspect", _dir, .. flags]);
            var byJob = await RunCommandAsync(["checkpoint", "inspect", "--config", conf, "--job", JobName, .. flags]);

            Assert.Equal((ExitCodes.Ok, string.Empty), (byJob.Code, byJob.Error));
            Assert.Equal(byDirectory, byJob);
        }

        var (_, table, _) = await RunCommandAsync("checkpoint", "inspect", "--config", conf, "--job", JobName);
        Assert.Contains($"│ location                 │ {_dir} ", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspecting_a_config_without_a_job_lists_every_jobs_checkpoint_and_last_committed_batch()
    {
        await RunWindowedCountAsync();
        var conf = await JobConfAsync();

        var (code, json, error) = await RunCommandAsync("checkpoint", "inspect", "--config", conf, "--json");

        Assert.Equal((ExitCodes.Ok, string.Empty), (code, error));
        var rows = JsonDocument.Parse(json).RootElement.EnumerateArray()
            .Select(r => $"{r.GetProperty("job").GetString()} | {r.GetProperty("location").GetString()} | {r.GetProperty("lastCommittedBatch")} | {r.GetProperty("state").GetString()}");
        Assert.Equal([$"{JobName} | {_dir} | 3 | 3", $"{NeverRun} | {Path.Combine(DataDirectory, NeverRun)} |  | no checkpoint yet: never run"], rows);

        var (tableCode, table, _) = await RunCommandAsync("checkpoint", "inspect", "--config", conf);
        Assert.Equal(ExitCodes.Ok, tableCode);
        var neverRunAt = Path.Combine(DataDirectory, NeverRun);
        Assert.Contains($"│ {"job".PadRight(NeverRun.Length)} │ {"checkpoint".PadRight(neverRunAt.Length)} │ last committed batch         │", table, StringComparison.Ordinal);
        Assert.Contains($"│ {JobName.PadRight(NeverRun.Length)} │ {_dir.PadRight(neverRunAt.Length)} │ 3                            │", table, StringComparison.Ordinal);
        Assert.Contains($"│ {NeverRun} │ {neverRunAt} │ no checkpoint yet: never run │", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspecting_an_unknown_job_names_the_jobs_there_are()
    {
        var (code, output, error) = await RunCommandAsync("checkpoint", "inspect", "--config", await JobConfAsync(), "--job", "wc");

        Assert.Equal((ExitCodes.InvalidConfiguration, string.Empty), (code, output));
        Assert.Equal($"sluice: invalid configuration: There is no job 'wc' in sluice.jobs: the jobs are '{JobName}', '{NeverRun}'.", error.TrimEnd());
    }

    [Fact]
    public async Task Inspecting_a_job_that_never_ran_says_so_with_its_location()
    {
        var (code, output, error) = await RunCommandAsync("checkpoint", "inspect", "--config", await JobConfAsync(), "--job", NeverRun);

        Assert.Equal((ExitCodes.InvalidConfiguration, string.Empty), (code, output));
        Assert.Equal($"sluice: job '{NeverRun}' has no checkpoint yet at {Path.Combine(DataDirectory, NeverRun)}: it has never run.", error.TrimEnd());
    }

    [Fact]
    public async Task A_config_that_does_not_parse_is_refused_with_the_message_sluice_run_gives()
    {
        var conf = Path.Combine(_dir, "broken.conf");
        await File.WriteAllTextAsync(conf, "sluice.jobs = [{ name = wc, type = files-word-count\n");

        var run = await RunCommandAsync("run", conf, "--ui-port", "0");
        var inspect = await RunCommandAsync("checkpoint", "inspect", "--config", conf, "--job", "wc");

        Assert.Equal((ExitCodes.InvalidConfiguration, string.Empty), (inspect.Code, inspect.Output));
        Assert.StartsWith("sluice: invalid configuration: ", inspect.Error, StringComparison.Ordinal);
        Assert.Equal(run, inspect);
    }

    // The checkpoint folder of a job named after it in the data directory: _dir is that folder of job JobName.
    private string JobName => Path.GetFileName(_dir);

    private string NeverRun => JobName + "-never-run";

    private string DataDirectory => Path.GetDirectoryName(_dir)!;

    private async Task<string> JobConfAsync()
    {
        var conf = Path.Combine(_dir, "job.conf");
        await File.WriteAllTextAsync(conf, $$"""
            sluice.host.data-directory = "{{DataDirectory}}"
            sluice.jobs = [{ name = "{{JobName}}", type = files-word-count, input = in }, { name = "{{NeverRun}}", type = files-word-count, input = in }]
            """);
        return conf;
    }

    private Task<(int Code, string Output, string Error)> InspectAsync(bool json) =>
        json ? RunCommandAsync("checkpoint", "inspect", _dir, "--json") : RunCommandAsync("checkpoint", "inspect", _dir);

    private static async Task<(int Code, string Output, string Error)> RunCommandAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SluiceCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Spark's windowed count (10-minute windows sliding every 5, 10-minute watermark), two data batches, 4 shards.</summary>
    private async Task<Guid> RunWindowedCountAsync()
    {
        var system = ActorSystem.Create("inspect", Config.Parse($"sluice.persistence.data-directory = \"{_dir}\""));
        try
        {
            var input = new MemorySource<Word>();
            var query = await DataStream.From(input)
                .WithTimestamps(w => w.Time)
                .WithWatermark(TimeSpan.FromMinutes(10))
                .GroupBy(w => w.Text, Window.Sliding(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5)))
                .Count()
                .WriteStream()
                .OutputMode(OutputMode.Append)
                .CheckpointLocation(_dir)
                .NumberOfShards(4)
                .PersistentState(system)
                .Clock(new VirtualTimeProvider(Noon.AddHours(1)))
                .Manager(new StreamingQueryManager())
                .StartAsync(new MemorySink<WindowedRow<string, long>>())
                .WaitAsync(Wait);
            input.AddData(new Word("a", Noon), new Word("b", Noon));
            await query.ProcessAllAvailableAsync().WaitAsync(Wait);
            input.AddData(new Word("a", Noon.AddMinutes(21)));
            await query.ProcessAllAvailableAsync().WaitAsync(Wait);
            await query.StopAsync().WaitAsync(Wait);
            return query.Id;
        }
        finally
        {
            await system.Terminate().WaitAsync(Wait);
        }
    }

    public sealed record Word(string Text, DateTimeOffset Time);
}
