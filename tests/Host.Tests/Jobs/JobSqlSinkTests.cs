using Microsoft.Data.Sqlite;
using Sluice.Actors.Configuration;
using Sluice.Host.Hosting;

namespace Sluice.Host.Tests.Jobs;

public sealed class JobSqlSinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-sqljob-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Files_word_count_with_a_sql_sink_writes_its_counts_into_the_jobs_checkpoint_database()
    {
        var input = Directory.CreateDirectory(Path.Combine(_dir, "input")).FullName;
        var staged = Path.Combine(_dir, "staged.txt");
        await File.WriteAllTextAsync(staged, "to be or not\nto be\n");
        File.Move(staged, Path.Combine(input, "a.txt"));
        var service = new SluiceService(new SluiceOptions
        {
            Config = Config.Parse($$"""
                sluice.ui.port = 0
                sluice.host.data-directory = "{{Path.Combine(_dir, "data")}}"
                sluice.jobs = [{ name = wc, type = files-word-count, input = "{{input}}", trigger-interval = 200ms, sink { kind = sql, table = word_counts } }]
                """).WithFallback(Config.Reference).Resolve(),
        });

        await service.StartAsync(CancellationToken.None);
        List<string> rows;
        try
        {
            rows = await WaitForRowsAsync(Path.Combine(_dir, "data", "wc", "checkpoint.db"), 4, TimeSpan.FromSeconds(30));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        Assert.Null(service.Failure);
        Assert.Equal(["be 2", "not 1", "or 1", "to 2"], rows);
    }

    [Fact]
    public void A_postgres_sql_sink_without_a_connection_is_refused_naming_the_setting()
    {
        var context = new Sluice.Host.Jobs.StreamJobContext(
            "wc", Config.Parse("sink { kind = sql, provider = postgres, table = t }"), null!, new Graphs.Queries.StreamingQueryManager(), _dir, TextWriter.Null);
        Assert.True(Sluice.Host.Jobs.JobSqlSink.IsSql(context.Settings, "files"));
        var error = Assert.Throws<ConfigurationException>(() => Sluice.Host.Jobs.JobSqlSink.Options<Row>(context, ["word"]));
        Assert.Equal("Job 'wc': sink.provider = postgres needs sink.connection, an Npgsql connection string (\"Host=db;Database=sluice;Username=sluice;Password=...\").", error.Message);
    }

    [Fact]
    public void A_sqlite_sql_sink_of_a_job_checkpointed_on_postgres_needs_a_file_of_its_own()
    {
        var job = Assert.Single(Sluice.Host.Hosting.HostSettings.From(Config.Parse("""
            sluice.host.checkpoint { kind = postgres, connection = "Host=db;Database=sluice;Username=u" }
            sluice.jobs = [{ name = wc, type = files-word-count, sink { kind = sql, provider = sqlite, table = t } }]
            """).WithFallback(Config.Reference).Resolve()).Jobs);
        var context = new Sluice.Host.Jobs.StreamJobContext(job.Name, job.Settings, null!, new Graphs.Queries.StreamingQueryManager(), _dir, TextWriter.Null) { Checkpoint = job.Checkpoint };

        var error = Assert.Throws<ConfigurationException>(() => Sluice.Host.Jobs.JobSqlSink.Options<Row>(context, ["word"]));
        Assert.Equal(
            "Job 'wc': sink.provider = sqlite needs sink.connection, a SQLite file, when the job's checkpoint is on PostgreSQL; " +
            "or write beside the checkpoint, in its transaction, with provider = postgres and no connection.",
            error.Message);
    }

    public sealed record Row(string Word, long Count);

    private static async Task<List<string>> WaitForRowsAsync(string file, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var rows = new List<string>();
            if (File.Exists(file))
            {
                await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=false");
                await connection.OpenAsync();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'word_counts';";
                if ((long)(await command.ExecuteScalarAsync())! > 0)
                {
                    command.CommandText = "SELECT word, count FROM word_counts ORDER BY word;";
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        rows.Add($"{reader.GetString(0)} {reader.GetInt64(1)}");
                    }
                }
            }

            if (rows.Count >= count || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            // Polling a table another process-like writer fills: there is nothing to subscribe to.
            await Task.Delay(50);
        }
    }
}
