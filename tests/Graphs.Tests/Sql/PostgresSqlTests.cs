using Sluice.Actors;
using Sluice.Actors.Configuration;
using Sluice.Actors.Scheduling;
using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sinks.Sql;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Tests.Checkpoints;
using Sluice.Graphs.Windows;
using Sluice.TestKit.Postgres;
using static Sluice.Graphs.Tests.Checkpoints.WordCount;
using static Sluice.Graphs.Tests.Sql.SqlHarness;

namespace Sluice.Graphs.Tests.Sql;

/// <summary>The SQL sink on PostgreSQL, and checkpoints kept in a PostgreSQL schema, against a private server.</summary>
[Collection(PostgresServer.Collection)]
public sealed class PostgresSqlTests(PostgresServer server)
{
    private readonly string _schema = "q_" + Guid.NewGuid().ToString("N")[..10];

    private string Connection => server.ConnectionString;

    private string Table(string name) => $"\"{_schema}\".{name}";

    private DataStreamWriter<Hit> Writer(MemorySource<string> input) =>
        Hits(input).WriteStream().OutputMode(OutputMode.Append).CheckpointLocation(CheckpointLocation.Postgres(Connection, _schema)).Manager(new StreamingQueryManager());

    private ActorSystem SystemFor(string schema) =>
        ActorSystem.Create("pg-" + Guid.NewGuid().ToString("N")[..8], Config.Parse($"""
            sluice.persistence.plugin = postgres
            sluice.persistence.postgres.connection-string = "{Connection}"
            sluice.persistence.postgres.schema = "{schema}"
            """));

    [Fact]
    public async Task Update_mode_upserts_each_epochs_changed_rows_by_key()
    {
        var input = new MemorySource<string>();
        var query = await DataStream.From(input).GroupBy(static w => w).Count().Select(static r => new WordTotal(r.Key, r.Value))
            .WriteStream().OutputMode(OutputMode.Update).Manager(new StreamingQueryManager())
            .StartSqlAsync(SqlSink.Postgres<WordTotal>(Connection, "totals", _schema).ColumnsFromProperties().Key("word").CreateTableIfMissing());
        try
        {
            for (var i = 0; i < Steps.Length; i++)
            {
                input.AddData(Steps[i]);
                await query.ProcessAllAvailableAsync().WaitAsync(Wait);
                Assert.Equal(TableAfterStep[i], await TableAsync(SqlProvider.Postgres, Connection, Table("totals")));
            }
        }
        finally
        {
            await query.StopAsync();
        }
    }

    [Fact]
    public async Task A_failure_between_the_rows_and_the_commit_log_replays_the_epoch_without_writing_it_twice()
    {
        var input = new MemorySource<string>();
        var location = "pg-replay-" + _schema; // a checkpoint in memory: the sink's database is not the checkpoint's
        DataStreamWriter<Hit> writer = Hits(input).WriteStream().CheckpointLocation(location).Manager(new StreamingQueryManager());
        var first = await writer.WrapCheckpointStore(s => new CommitFailingStore(s, failingBatch: 1)).StartSqlAsync(Counter(SqlSink.Postgres<Hit>(Connection, "hits", _schema)));
        Assert.Equal(2, await FeedAsync(first, input, 0));
        await FailureAsync(first);
        Assert.Equal(TableAfterStep[1], await TableAsync(SqlProvider.Postgres, Connection, Table("hits")));

        var second = await writer.StartSqlAsync(Counter(SqlSink.Postgres<Hit>(Connection, "hits", _schema)));
        try
        {
            await second.ProcessAllAvailableAsync().WaitAsync(Wait);
            await FeedAsync(second, input, 2);
        }
        finally
        {
            await second.StopAsync();
        }

        Assert.Equal(TableAfterStep[2], await TableAsync(SqlProvider.Postgres, Connection, Table("hits")));
    }

    [Fact]
    public async Task With_the_checkpoint_in_the_same_database_the_rows_commit_with_the_epoch_so_a_crash_before_the_commit_leaves_nothing()
    {
        var input = new MemorySource<string>();
        var crashing = Counter(SqlSink.Postgres<Hit>(Connection, "hits", _schema)) with
        {
            AfterRowsWritten = epoch => epoch == 1 ? throw new IOException("injected crash after the rows of batch 1") : ValueTask.CompletedTask,
        };
        var first = await Writer(input).StartSqlAsync(crashing);
        Assert.Equal(2, await FeedAsync(first, input, 0));
        Assert.Contains("injected crash after the rows of batch 1", (await FailureAsync(first)).Message, StringComparison.Ordinal);
        Assert.Equal(TableAfterStep[0], await TableAsync(SqlProvider.Postgres, Connection, Table("hits")));
        Assert.Equal(0L, await ScalarAsync(SqlProvider.Postgres, Connection, $"SELECT max(batch_id) FROM {Table("checkpoint_commits")};"));

        var second = await Writer(input).StartSqlAsync(Counter(SqlSink.Postgres<Hit>(Connection, "hits", _schema)));
        try
        {
            await second.ProcessAllAvailableAsync().WaitAsync(Wait);
            Assert.Equal(TableAfterStep[1], await TableAsync(SqlProvider.Postgres, Connection, Table("hits")));
            await FeedAsync(second, input, 2);
        }
        finally
        {
            await second.StopAsync();
        }

        Assert.Equal(TableAfterStep[2], await TableAsync(SqlProvider.Postgres, Connection, Table("hits")));
        Assert.Equal(2L, await ScalarAsync(SqlProvider.Postgres, Connection, $"SELECT max(batch_id) FROM {Table("checkpoint_commits")};"));
    }

    [Fact]
    public async Task An_unreachable_server_fails_the_query_naming_the_server_and_the_table_and_saying_no_row_is_lost()
    {
        var dead = new Npgsql.NpgsqlConnectionStringBuilder(Connection) { Port = 1, Timeout = 5 }.ToString();
        var input = new MemorySource<string>();
        var query = await Hits(input).WriteStream().Manager(new StreamingQueryManager()).StartSqlAsync(Counter(SqlSink.Postgres<Hit>(dead, "hits", _schema)));
        await FeedAsync(query, input, 0, 1);
        var error = await FailureAsync(query);
        Assert.StartsWith($"The SQL sink could not write epoch 0 to PostgreSQL 127.0.0.1:1/sluice, table \"{_schema}\".\"hits\": ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("No row of the epoch is lost: it is written again when the query is started again on its checkpoint.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_query_on_a_running_postgres_checkpoint_is_refused_until_the_first_stops()
    {
        var input = new MemorySource<string>();
        var first = await Writer(input).StartAsync(new MemorySink<Hit>());
        var error = await Assert.ThrowsAsync<StreamingQueryException>(() => Writer(input).StartAsync(new MemorySink<Hit>()));
        Assert.Contains($"schema \"{_schema}\" is in use by another running query", error.Message, StringComparison.Ordinal);

        await first.StopAsync();
        var second = await Writer(input).StartAsync(new MemorySink<Hit>());
        Assert.Equal(first.Id, second.Id);
        await second.StopAsync();
    }

    [Fact]
    public async Task An_incompatible_query_on_a_postgres_checkpoint_is_refused_naming_the_difference()
    {
        var input = new MemorySource<string>();
        await (await Writer(input).NumberOfShards(4).StartAsync(new MemorySink<Hit>())).StopAsync();

        var error = await Assert.ThrowsAsync<CheckpointException>(() => Writer(input).NumberOfShards(8).StartAsync(new MemorySink<Hit>()));
        Assert.Contains($"The checkpoint in PostgreSQL 127.0.0.1:{server.Port}/sluice, schema \"{_schema}\" was written by a different query: the number of shards changed from 4 to 8.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_creation_rights_a_checkpoint_needs_the_tables_of_the_script_and_then_runs_on_them()
    {
        var input = new MemorySource<string>();
        DataStreamWriter<Hit> Restricted() =>
            Hits(input).WriteStream().CheckpointLocation(CheckpointLocation.Postgres(Connection, _schema, createSchema: false)).Manager(new StreamingQueryManager());
        var error = await Assert.ThrowsAsync<StreamingQueryException>(() => Restricted().StartAsync(new MemorySink<Hit>()));
        Assert.Contains("The checkpoint tables are missing in", error.Message, StringComparison.Ordinal);
        Assert.Contains("run the script of CheckpointLocation.PostgresScript(schema), or allow creation.", error.Message, StringComparison.Ordinal);

        await ScalarAsync(SqlProvider.Postgres, Connection, CheckpointLocation.PostgresScript(_schema));
        var sink = new MemorySink<Hit>();
        var query = await Restricted().StartAsync(sink);
        input.AddData("a");
        await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        var id = query.Id;
        await query.StopAsync();
        var again = await Restricted().StartAsync(new MemorySink<Hit>());
        Assert.Equal(id, again.Id);
        await again.StopAsync();
        Assert.Equal([new Hit("a", 1)], sink.Rows);
    }

    [Fact]
    public async Task A_damaged_postgres_checkpoint_fails_the_start_and_never_restarts_from_zero()
    {
        var input = new MemorySource<string>();
        await (await Writer(input).StartAsync(new MemorySink<Hit>())).StopAsync();
        await ScalarAsync(SqlProvider.Postgres, Connection, $"DROP TABLE {Table("checkpoint_commits")};");

        var error = await Assert.ThrowsAsync<CheckpointException>(() => Writer(input).StartAsync(new MemorySink<Hit>()));
        Assert.Contains("is damaged: the table 'checkpoint_commits' is missing. Sluice never restarts a damaged checkpoint from zero", error.Message, StringComparison.Ordinal);
    }

    private static readonly Word[][] WordSteps =
    [
        [At("dog", 7), At("owl", 8)],
        [At("dog", 14), At("cat", 9)],
        [At("cat", 15), At("dog", 8), At("owl", 13), At("owl", 21)],
        [At("owl", 17), At("donkey", 4)],
        [At("cat", 31), At("dog", 26)],
    ];

    /// <summary>
    /// Runs the windowed word count on a PostgreSQL checkpoint in a new actor system, feeding the steps until they are
    /// done or the query fails (when the commit of <paramref name="failingBatch"/> is logged), then stops both. Returns
    /// the committed output and how many steps were fed.
    /// </summary>
    private async Task<(List<string> Output, int Fed)> RunWindowedAsync(string schema, MemorySource<Word> input, Word[][] steps, long failingBatch = -1)
    {
        var system = SystemFor(schema);
        try
        {
            var sink = new MemorySink<WindowedRow<string, long>>();
            var query = await Windowed(input).WriteStream().OutputMode(OutputMode.Update).CheckpointLocation(CheckpointLocation.Postgres(Connection, schema))
                .NumberOfShards(4).PersistentState(system).Clock(new VirtualTimeProvider(new DateTimeOffset(2026, 1, 1, 13, 0, 0, TimeSpan.Zero)))
                .WrapCheckpointStore(store => failingBatch < 0 ? store : new CommitFailingStore(store, failingBatch))
                .Manager(new StreamingQueryManager()).StartAsync(sink).WaitAsync(Wait);
            var fed = 0;
            try
            {
                await query.ProcessAllAvailableAsync().WaitAsync(Wait);
                foreach (var step in steps)
                {
                    input.AddData(step);
                    fed++;
                    await query.ProcessAllAvailableAsync().WaitAsync(Wait);
                }
            }
            catch (StreamingQueryException) when (failingBatch >= 0)
            {
                Assert.Contains("injected crash", (await FailureAsync(query)).Message, StringComparison.Ordinal);
            }

            await query.StopAsync().WaitAsync(Wait);
            return (Show(sink.Batches).ToList(), fed);
        }
        finally
        {
            await system.Terminate().WaitAsync(Wait);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_stateful_query_on_a_postgres_checkpoint_resumes_exactly_in_a_new_actor_system(int stepsBeforeRestart)
    {
        var (expected, _) = await RunWindowedAsync(_schema + "_ref", new MemorySource<Word>(), WordSteps);

        var input = new MemorySource<Word>();
        var (output, _) = await RunWindowedAsync(_schema, input, WordSteps[..stepsBeforeRestart]);
        output.AddRange((await RunWindowedAsync(_schema, input, WordSteps[stepsBeforeRestart..])).Output);

        Assert.Equal(expected, output);
        Assert.True((long)(await ScalarAsync(SqlProvider.Postgres, Connection, $"SELECT count(*) FROM {Table("journal")};"))! > 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_stateful_query_on_a_postgres_checkpoint_that_crashed_before_a_commit_recovers_exactly(long failingBatch)
    {
        var (expected, _) = await RunWindowedAsync(_schema + "_ref", new MemorySource<Word>(), WordSteps);

        var input = new MemorySource<Word>();
        var (output, fed) = await RunWindowedAsync(_schema, input, WordSteps, failingBatch);
        Assert.True(fed < WordSteps.Length, $"batch {failingBatch} never committed");
        output.AddRange((await RunWindowedAsync(_schema, input, WordSteps[fed..])).Output);

        Assert.Equal(expected, output);
    }

    [Fact]
    public async Task A_schema_holding_state_without_its_checkpoint_tables_is_refused_rather_than_restarted_from_zero()
    {
        await RunWindowedAsync(_schema, new MemorySource<Word>(), WordSteps[..2]);
        foreach (var table in new[] { "checkpoint_version", "checkpoint_metadata", "checkpoint_offsets", "checkpoint_commits", "checkpoint_source_log" })
        {
            await ScalarAsync(SqlProvider.Postgres, Connection, $"DROP TABLE {Table(table)};");
        }

        var error = await Assert.ThrowsAsync<CheckpointException>(() => RunWindowedAsync(_schema, new MemorySource<Word>(), []));
        Assert.Contains("holds query state (events in table 'journal') but no checkpoint tables: the checkpoint was deleted or moved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persistent_state_whose_journal_is_not_in_the_checkpoint_schema_is_refused_naming_the_fix()
    {
        var system = SystemFor("elsewhere");
        try
        {
            var error = await Assert.ThrowsAsync<StreamingQueryException>(() => Windowed(new MemorySource<Word>()).WriteStream().OutputMode(OutputMode.Update)
                .CheckpointLocation(CheckpointLocation.Postgres(Connection, _schema)).PersistentState(system).Manager(new StreamingQueryManager())
                .StartAsync(new MemorySink<WindowedRow<string, long>>()));
            Assert.Contains($"keeps its PostgreSQL journal in PostgreSQL 127.0.0.1:{server.Port}/sluice, schema \"elsewhere\", not with the checkpoint in PostgreSQL 127.0.0.1:{server.Port}/sluice, schema \"{_schema}\"", error.Message, StringComparison.Ordinal);
            Assert.Contains($"sluice.persistence.postgres.schema = \"{_schema}\"", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await system.Terminate().WaitAsync(Wait);
        }
    }

    [Fact]
    public async Task A_stateful_query_on_a_postgres_checkpoint_without_persistent_state_is_refused()
    {
        var error = await Assert.ThrowsAsync<StreamingQueryException>(() => Windowed(new MemorySource<Word>()).WriteStream().OutputMode(OutputMode.Update)
            .CheckpointLocation(CheckpointLocation.Postgres(Connection, _schema)).Manager(new StreamingQueryManager())
            .StartAsync(new MemorySink<WindowedRow<string, long>>()));
        Assert.Contains("would be kept in memory and lost: call PersistentState(actorSystem)", error.Message, StringComparison.Ordinal);
    }
}
