using System.Text.Json;
using Npgsql;
using Sluice.Actors.Configuration;
using Sluice.Graphs.Queries;
using Sluice.Host.Cli;
using Sluice.Host.Hosting;
using Sluice.TestKit.Postgres;

namespace Sluice.Host.Tests.Postgres;

/// <summary>Hosted jobs whose checkpoint and state are kept in a PostgreSQL schema, against a private server.</summary>
[Collection(PostgresServer.Collection)]
public sealed class PostgresCheckpointJobTests(PostgresServer server) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-pgjob-").FullName;
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..10] + "_";

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Schema => _prefix + "wc";

    [Fact]
    public async Task Files_word_count_on_a_postgres_checkpoint_continues_exactly_after_a_restart_and_inspect_reads_its_offsets()
    {
        var input = Directory.CreateDirectory(Path.Combine(_dir, "input")).FullName;
        var conf = Path.Combine(_dir, "wc.conf");
        await File.WriteAllTextAsync(conf, $$"""
            sluice.ui.port = 0
            sluice.host.data-directory = "{{Path.Combine(_dir, "data")}}"
            sluice.host.checkpoint { kind = postgres, connection = "{{server.ConnectionString}}", schema-prefix = {{_prefix}} }
            sluice.jobs = [{ name = wc, type = files-word-count, input = "{{input}}", trigger-interval = 200ms, sink { kind = sql, table = word_counts } }]
            """);
        var config = Config.ParseFile(conf).WithFallback(Config.Reference).Resolve();

        await AddFileAsync(input, "a.txt", "to be or not\nto be\n");
        await RunUntilAsync(config, ["be 2", "not 1", "or 1", "to 2"]);

        // Written while the job is stopped: the restarted job takes it after the committed file, counted once.
        await AddFileAsync(input, "b.txt", "to be\nbe quick\n");
        await RunUntilAsync(config, ["be 4", "not 1", "or 1", "quick 1", "to 3"]);

        // Nothing of the job went to the data directory: checkpoint, state journal and counts are all in its schema.
        Assert.False(Directory.Exists(Path.Combine(_dir, "data", "wc")));
        Assert.True(await ScalarAsync<long>($"SELECT count(*) FROM \"{Schema}\".journal;") > 0);

        var (code, output, error) = await CommandAsync("checkpoint", "inspect", "--postgres", server.ConnectionString, "--schema", Schema, "--json");
        Assert.Equal((ExitCodes.Ok, string.Empty), (code, error));
        var root = JsonDocument.Parse(output).RootElement;
        var source = Assert.Single(root.GetProperty("sources").EnumerateArray());
        Assert.Equal((2L, 2L), (source.GetProperty("committedOffset").GetInt64(), source.GetProperty("logEntries").GetInt64()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("uncommitted").ValueKind);
        Assert.Equal(await ScalarAsync<string>($"SELECT value FROM \"{Schema}\".checkpoint_metadata WHERE key = 'query-id';"), root.GetProperty("queryId").GetString());
        var lastBatch = await ScalarAsync<long>($"SELECT max(batch_id) FROM \"{Schema}\".checkpoint_commits;");
        Assert.Equal(lastBatch, root.GetProperty("lastCommitted").GetProperty("batchId").GetInt64());
        Assert.Equal(2, root.GetProperty("lastCommitted").GetProperty("endOffsets")[0].GetInt64());
        var location = $"PostgreSQL 127.0.0.1:{server.Port}/sluice, schema \"{Schema}\"";
        Assert.Equal(location, root.GetProperty("location").GetString());
        Assert.Equal(location + ", tables journal and snapshot", root.GetProperty("stateLocation").GetString());

        // The per-shard events the tables show are the state the schema's journal holds for the query.
        var events = await ScalarAsync<long>($"SELECT count(*) FROM \"{Schema}\".journal WHERE persistence_id LIKE '{root.GetProperty("queryId").GetGuid():N}/%';");
        Assert.Equal(events, root.GetProperty("state").EnumerateArray().Sum(s => s.GetProperty("events").GetInt64()));

        var (tableCode, table, _) = await CommandAsync("checkpoint", "inspect", "--postgres", server.ConnectionString, "--schema", Schema, "--shards");
        Assert.Equal(ExitCodes.Ok, tableCode);
        Assert.Contains($"│ location                 │ {location} ", table, StringComparison.Ordinal);
        Assert.Contains($"│ state journal            │ {location}, tables journal and snapshot │", table, StringComparison.Ordinal);
        Assert.Contains("│ operator           │ shard │ events │ event bytes │", table, StringComparison.Ordinal); // --shards: one row per shard
        Assert.Contains("│ 0 │ FileQuerySource<String> │ 2                │ -                  │ 2           │", table, StringComparison.Ordinal);

        // The job's checkpoint found from its config (host-wide connection, schema prefix + name): exactly the same report.
        Assert.Equal((tableCode, table, string.Empty), await CommandAsync("checkpoint", "inspect", "--config", conf, "--job", "wc", "--shards"));
        Assert.Equal((code, output, error), await CommandAsync("checkpoint", "inspect", "--config", conf, "--job", "wc", "--json"));
    }

    [Fact]
    public async Task Inspecting_a_schema_without_a_checkpoint_says_what_to_give_instead()
    {
        var (code, output, error) = await CommandAsync("checkpoint", "inspect", "--postgres", server.ConnectionString, "--schema", _prefix + "none");

        Assert.Equal((ExitCodes.InvalidConfiguration, string.Empty), (code, output));
        Assert.Equal(
            $"sluice: PostgreSQL 127.0.0.1:{server.Port}/sluice, schema \"{_prefix}none\" holds no checkpoint (no checkpoint_* tables, or empty ones): give the database and schema of a query's checkpoint " +
            "(a sluice job's schema is its checkpoint.schema, or checkpoint.schema-prefix followed by the job's name).",
            error.TrimEnd());
    }

    [Fact]
    public async Task A_server_that_refuses_the_login_is_a_configuration_error_naming_the_job_the_setting_and_the_fix()
    {
        var connection = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Username = "nobody" }.ToString();
        var (code, output, error) = await RunAsync($$"""sluice.jobs = [{ name = wc, type = files-word-count, input = in, checkpoint { kind = postgres, connection = "{{connection}}" } }]""");

        Assert.Equal((ExitCodes.InvalidConfiguration, string.Empty), (code, output));
        Assert.Equal(
            $"sluice: invalid configuration: Job 'wc': the PostgreSQL server 127.0.0.1:{server.Port} refused the login of user 'nobody' (sluice.jobs[0].checkpoint.connection): " +
            "28000: role \"nobody\" does not exist. Correct Username and Password in the connection string, or have the database administrator allow this user to connect (pg_hba.conf, CREATE ROLE ... LOGIN).",
            error.TrimEnd());
    }

    [Fact]
    public async Task Two_jobs_given_one_schema_are_refused_before_either_starts()
    {
        var (code, _, error) = await RunAsync($$"""
            sluice.host.checkpoint { kind = postgres, connection = "{{server.ConnectionString}}" }
            sluice.jobs = [{ name = a, type = files-word-count, input = in, checkpoint.schema = shared }, { name = b, type = files-word-count, input = in, checkpoint.schema = shared }]
            """);

        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Equal(
            $"sluice: invalid configuration: Jobs 'a' and 'b' both keep their checkpoint in schema \"shared\" of 127.0.0.1:{server.Port}/sluice: two jobs never share a checkpoint. " +
            "Give one of them another checkpoint.schema.",
            error.TrimEnd());
    }

    private async Task RunUntilAsync(Config config, string[] expected)
    {
        var service = new SluiceService(new SluiceOptions { Config = config });
        await service.StartAsync(CancellationToken.None);
        List<string> totals;
        try
        {
            totals = await WaitForTotalsAsync(expected.Sum(Count));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        Assert.Null(service.Failure);
        Assert.Equal(expected, totals);
    }

    /// <summary>
    /// Each word's total over the intervals the sink wrote (an interval is a trigger's worth of processing time, so how the
    /// words split into intervals varies), once all <paramref name="words"/> arrived: a count written twice shows as a larger total.
    /// </summary>
    private async Task<List<string>> WaitForTotalsAsync(long words)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var totals = new List<string>();
            if (await ScalarAsync<bool>($"SELECT to_regclass('\"{Schema}\".word_counts') IS NOT NULL;"))
            {
                await using var connection = new NpgsqlConnection(server.ConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"SELECT word, sum(count)::bigint FROM \"{Schema}\".word_counts GROUP BY word ORDER BY word;", connection);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    totals.Add($"{reader.GetString(0)} {reader.GetInt64(1)}");
                }
            }

            if (totals.Sum(Count) >= words || DateTime.UtcNow > deadline)
            {
                return totals;
            }

            // Polling a table the job fills: there is nothing to subscribe to.
            await Task.Delay(50);
        }
    }

    private static long Count(string total) => long.Parse(total[(total.IndexOf(' ', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task AddFileAsync(string input, string name, string text)
    {
        var staged = Path.Combine(Path.GetDirectoryName(input)!, name + ".staged");
        await File.WriteAllTextAsync(staged, text);
        File.Move(staged, Path.Combine(input, name));
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string jobs)
    {
        var conf = Path.Combine(_dir, "job.conf");
        await File.WriteAllTextAsync(conf, $"sluice.host.data-directory = \"{Path.Combine(_dir, "data")}\"\n{jobs}\n");
        return await CommandAsync("run", conf, "--ui-port", "0");
    }

    private static async Task<(int Code, string Output, string Error)> CommandAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SluiceCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
