using System.Text.Json;
using Npgsql;
using Sluice.Actors.Configuration;
using Sluice.Host.Cli;
using Sluice.Host.Hosting;
using Sluice.TestKit.Postgres;

namespace Sluice.Host.Tests.Postgres;

/// <summary>Jobs whose PostgreSQL checkpoint may not create its schema (checkpoint.create-schema = off), and sluice checkpoint init.</summary>
[Collection(PostgresServer.Collection)]
public sealed class PostgresCreateSchemaTests(PostgresServer server) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static readonly string[] InitTables =
    [
        "checkpoint_commits", "checkpoint_metadata", "checkpoint_offsets", "checkpoint_source_log", "checkpoint_version",
        "journal", "journal_metadata", "journal_tag", "schema_version", "snapshot",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-pgcreate-").FullName;
    private readonly string _schema = "t" + Guid.NewGuid().ToString("N")[..10] + "_wc";

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_job_that_may_not_create_its_schema_refuses_an_empty_one_before_starting_and_creates_nothing()
    {
        await ExecuteAsync($"CREATE SCHEMA \"{_schema}\";");
        var conf = await ConfAsync();

        var (code, output, error) = await CommandAsync("run", conf, "--ui-port", "0");

        Assert.Equal((ExitCodes.InvalidConfiguration, string.Empty), (code, output));
        Assert.Equal(
            $"sluice: invalid configuration: Job 'wc': its checkpoint in PostgreSQL 127.0.0.1:{server.Port}/sluice, schema \"{_schema}\" has no checkpoint_version and no schema_version table, " +
            $"and sluice.jobs[0].checkpoint.create-schema = off forbids creating the schema and its tables: create them with `sluice checkpoint init --config {conf} --job wc` " +
            "(or have a database administrator run the SQL it prints with --print), or set create-schema = on.",
            error.TrimEnd());
        Assert.Empty(await TablesAsync());
    }

    [Fact]
    public async Task A_job_that_may_not_create_its_schema_runs_once_checkpoint_init_created_it()
    {
        var conf = await ConfAsync();
        var (initCode, initOutput, initError) = await CommandAsync("checkpoint", "init", "--config", conf, "--job", "wc");
        Assert.Equal((ExitCodes.Ok, string.Empty), (initCode, initError));
        Assert.Equal($"Created PostgreSQL 127.0.0.1:{server.Port}/sluice, schema \"{_schema}\" (checkpoint and state journal tables).", initOutput.TrimEnd());
        Assert.Equal(InitTables, await TablesAsync());

        await File.WriteAllTextAsync(Path.Combine(_dir, "input", "a.txt"), "to be or not to be\n");
        var service = new SluiceService(new SluiceOptions { Config = Config.ParseFile(conf).WithFallback(Config.Reference).Resolve() });
        await service.StartAsync(CancellationToken.None);
        long committed;
        try
        {
            committed = await CommittedFilesAsync(conf);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        Assert.Null(service.Failure);
        Assert.Equal(1, committed);
        Assert.Equal(InitTables, await TablesAsync());
    }

    [Fact]
    public async Task Inspecting_a_postgres_job_that_never_ran_says_so_with_its_schema()
    {
        var (code, output, error) = await CommandAsync("checkpoint", "inspect", "--config", await ConfAsync(), "--job", "wc");

        Assert.Equal((ExitCodes.InvalidConfiguration, string.Empty), (code, output));
        Assert.Equal($"sluice: job 'wc' has no checkpoint yet at PostgreSQL 127.0.0.1:{server.Port}/sluice, schema \"{_schema}\": it has never run.", error.TrimEnd());
    }

    [Fact]
    public async Task Checkpoint_init_prints_the_checkpoint_and_journal_scripts_for_a_database_administrator()
    {
        var (code, output, error) = await CommandAsync("checkpoint", "init", "--postgres", server.ConnectionString, "--schema", _schema, "--print");

        Assert.Equal((ExitCodes.Ok, string.Empty), (code, error));
        Assert.StartsWith($"CREATE SCHEMA IF NOT EXISTS \"{_schema}\";", output, StringComparison.Ordinal);
        Assert.Contains($"CREATE TABLE IF NOT EXISTS \"{_schema}\".checkpoint_commits", output, StringComparison.Ordinal);
        Assert.Contains($"CREATE TABLE IF NOT EXISTS \"{_schema}\".journal (", output, StringComparison.Ordinal);
        Assert.Empty(await TablesAsync());
    }

    private async Task<string> ConfAsync()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "input"));
        var conf = Path.Combine(_dir, "wc.conf");
        await File.WriteAllTextAsync(conf, $$"""
            sluice.host.data-directory = "{{Path.Combine(_dir, "data")}}"
            sluice.jobs = [{
              name = wc, type = files-word-count, input = "{{Path.Combine(_dir, "input")}}", output = "{{Path.Combine(_dir, "output")}}", trigger-interval = 200ms
              checkpoint { kind = postgres, connection = "{{server.ConnectionString}}", schema = {{_schema}}, create-schema = off }
            }]
            """);
        return conf;
    }

    /// <summary>The files the job's checkpoint has committed, read with `sluice checkpoint inspect --config --job` once it has one.</summary>
    private static async Task<long> CommittedFilesAsync(string conf)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var (code, output, _) = await CommandAsync("checkpoint", "inspect", "--config", conf, "--job", "wc", "--json");
            var committed = code == ExitCodes.Ok ? JsonDocument.Parse(output).RootElement.GetProperty("sources")[0].GetProperty("committedOffset").GetInt64() : 0;
            if (committed > 0 || DateTime.UtcNow > deadline)
            {
                return committed;
            }

            // Polling the checkpoint the job writes: there is nothing to subscribe to from outside the host.
            await Task.Delay(50);
        }
    }

    private async Task<List<string>> TablesAsync()
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name;", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _schema });
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<(int Code, string Output, string Error)> CommandAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SluiceCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
