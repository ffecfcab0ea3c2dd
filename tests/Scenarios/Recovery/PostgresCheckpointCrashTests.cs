using Npgsql;
using Sluice.Scenarios.Processes;
using Sluice.TestKit.Postgres;
using Xunit.Abstractions;

namespace Sluice.Scenarios.Recovery;

/// <summary>A hosted job whose checkpoint, state and SQL table are in one PostgreSQL schema, killed and restarted by the real process.</summary>
[Collection(PostgresServer.Collection)]
public sealed class PostgresCheckpointCrashTests(PostgresServer server, ITestOutputHelper log) : IDisposable
{
    private const string Job = "words";
    private static readonly string[] Vocabulary = ["alder", "birch", "cedar", "elm", "fir"];
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-crash-pg-").FullName;
    private readonly string _schema = "crash_" + Guid.NewGuid().ToString("N")[..10];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <remarks>
    /// The job's checkpoint is <c>checkpoint { kind = postgres }</c>: its logs, its state journal and the sink's table (the
    /// sink's defaults with a PostgreSQL checkpoint) share the schema, each epoch's rows in the transaction of its
    /// commit-log entry. The sink adds <c>count</c> to the stored row on a key conflict, so an epoch written twice would
    /// double its counts, and state lost or replayed twice would change them.
    /// </remarks>
    [Fact]
    public async Task Word_counts_with_checkpoint_and_state_on_postgres_survive_sigkills_with_every_window_counted_exactly_once()
    {
        var seed = CrashLoop.NewSeed();
        var input = Directory.CreateDirectory(Path.Combine(_dir, "input")).FullName;
        var expected = WindowedWordInput.WriteFiles(input, new Random(seed), files: 30, Vocabulary);
        var conf = ScenarioJobFile.Write(
            _dir,
            Job,
            "crash-files-word-count",
            ("input", input),
            ("checkpoint.kind", "postgres"),
            ("checkpoint.connection", server.ConnectionString),
            ("checkpoint.schema", _schema),
            ("sink.kind", "sql"),
            ("sink.table", "word_counts"),
            ("sink.accumulate", new Literal("[count]")));

        var loop = new CrashLoop(_dir, ["run", conf, "--ui-port", "0"], log);
        await loop.RunAsync(seed, kills: 6, isComplete: async () => (await TableAsync()).Count >= expected.Count);

        Assert.Equal(expected.Order(StringComparer.Ordinal), (await TableAsync()).Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(ScenarioJobFile.CheckpointOf(_dir, Job)), "a PostgreSQL-checkpointed job writes nothing to the data directory");
    }

    [Fact]
    public async Task A_refused_login_ends_the_process_with_one_line_naming_the_job_the_setting_and_the_fix_and_no_stack_trace()
    {
        var connection = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Username = "nobody" }.ToString();
        var conf = ScenarioJobFile.Write(_dir, Job, "crash-files-word-count", ("input", _dir), ("checkpoint.kind", "postgres"), ("checkpoint.connection", connection));

        await using var process = SluiceProcess.Start(_dir, "run", conf, "--ui-port", "0");
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Equal(
            $"sluice: invalid configuration: Job '{Job}': the PostgreSQL server 127.0.0.1:{server.Port} refused the login of user 'nobody' (sluice.jobs[0].checkpoint.connection): " +
            "28000: role \"nobody\" does not exist. Correct Username and Password in the connection string, or have the database administrator allow this user to connect (pg_hba.conf, CREATE ROLE ... LOGIN).",
            process.Output.Trim());
    }

    /// <summary>The committed rows of the table, as <see cref="WindowedWordInput.Format"/> writes them; none before the table exists.</summary>
    private async Task<List<string>> TableAsync()
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand($"SELECT to_regclass('\"{_schema}\".word_counts') IS NOT NULL;", connection);
        if (await exists.ExecuteScalarAsync() is not true)
        {
            return [];
        }

        await using var command = new NpgsqlCommand($"SELECT window_start_ms, word, count FROM \"{_schema}\".word_counts;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetInt64(0)} {reader.GetString(1)} {reader.GetInt64(2)}");
        }

        return rows;
    }
}
