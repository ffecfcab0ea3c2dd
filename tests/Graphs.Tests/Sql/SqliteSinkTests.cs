using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Graphs.Queries.Sinks.Sql;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Tests.Checkpoints;
using Sluice.Graphs.Tests.IO;
using static Sluice.Graphs.Tests.Sql.SqlHarness;

namespace Sluice.Graphs.Tests.Sql;

public sealed class SqliteSinkTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Checkpoint => _temp.File("checkpoint");

    private string CheckpointDb => Path.Combine(Checkpoint, SqliteCheckpointStore.FileName);

    private static DataStreamWriter<Hit> Writer(MemorySource<string> input, string checkpoint) =>
        Hits(input).WriteStream().OutputMode(OutputMode.Append).CheckpointLocation(checkpoint).Manager(new StreamingQueryManager());

    [Fact]
    public async Task Update_mode_upserts_each_epochs_changed_rows_by_key()
    {
        var file = _temp.File("out.db");
        var input = new MemorySource<string>();
        var query = await DataStream.From(input).GroupBy(static w => w).Count().Select(static r => new WordTotal(r.Key, r.Value))
            .WriteStream().OutputMode(OutputMode.Update).Manager(new StreamingQueryManager())
            .StartSqlAsync(SqlSink.Sqlite<WordTotal>(file, "totals").ColumnsFromProperties().Key("word").CreateTableIfMissing());
        try
        {
            for (var i = 0; i < Steps.Length; i++)
            {
                input.AddData(Steps[i]);
                await query.ProcessAllAvailableAsync().WaitAsync(Wait);
                Assert.Equal(TableAfterStep[i], await TableAsync(SqlProvider.Sqlite, file, "totals"));
            }
        }
        finally
        {
            await query.StopAsync();
        }

        Assert.Equal(3L, await ScalarAsync(SqlProvider.Sqlite, file, "SELECT count(*) FROM sluice_sink_commits;"));
    }

    [Fact]
    public async Task Append_mode_inserts_rows_with_typed_columns()
    {
        var file = _temp.File("out.db");
        var input = new MemorySource<string>();
        var query = await Hits(input).WriteStream().Manager(new StreamingQueryManager())
            .StartSqlAsync(SqlSink.Sqlite<Hit>(file, "events").Column("seq", h => h.Word + "!").Column("n", h => (int)h.Hits).CreateTableIfMissing());
        try
        {
            input.AddData(Steps[0]);
            await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        }
        finally
        {
            await query.StopAsync();
        }

        Assert.Equal(["a!=1", "a!=1", "b!=1"], await TableAsync(SqlProvider.Sqlite, file, "events"));
    }

    [Fact]
    public async Task A_failure_between_the_rows_and_the_commit_log_replays_the_epoch_without_writing_it_twice()
    {
        // The sink's file is not the checkpoint's: its rows and marker commit before the commit-log entry, which fails.
        var file = _temp.File("out.db");
        var input = new MemorySource<string>();
        var first = await Writer(input, Checkpoint).WrapCheckpointStore(s => new CommitFailingStore(s, failingBatch: 1)).StartSqlAsync(Counter(SqlSink.Sqlite<Hit>(file, "hits")));
        Assert.Equal(2, await FeedAsync(first, input, 0));
        Assert.Contains("injected crash before committing batch 1", (await FailureAsync(first)).Message, StringComparison.Ordinal);
        Assert.Equal(TableAfterStep[1], await TableAsync(SqlProvider.Sqlite, file, "hits")); // batch 1's rows are durable, its commit is not

        var second = await Writer(input, Checkpoint).StartSqlAsync(Counter(SqlSink.Sqlite<Hit>(file, "hits")));
        try
        {
            await second.ProcessAllAvailableAsync().WaitAsync(Wait); // re-runs batch 1: its marker says it is written
            Assert.Equal(TableAfterStep[1], await TableAsync(SqlProvider.Sqlite, file, "hits"));
            await FeedAsync(second, input, 2);
        }
        finally
        {
            await second.StopAsync();
        }

        Assert.Equal(TableAfterStep[2], await TableAsync(SqlProvider.Sqlite, file, "hits"));
    }

    [Fact]
    public async Task In_the_checkpoint_database_the_rows_commit_with_the_epoch_so_a_crash_before_the_commit_leaves_nothing()
    {
        var input = new MemorySource<string>();
        var crashing = Counter(SqlSink.Sqlite<Hit>(CheckpointDb, "hits")) with
        {
            AfterRowsWritten = epoch => epoch == 1 ? throw new IOException("injected crash after the rows of batch 1") : ValueTask.CompletedTask,
        };
        var first = await Writer(input, Checkpoint).StartSqlAsync(crashing);
        Assert.Equal(2, await FeedAsync(first, input, 0));
        Assert.Contains("injected crash after the rows of batch 1", (await FailureAsync(first)).Message, StringComparison.Ordinal);
        Assert.Equal(TableAfterStep[0], await TableAsync(SqlProvider.Sqlite, CheckpointDb, "hits")); // nothing of batch 1
        Assert.Equal(0L, await ScalarAsync(SqlProvider.Sqlite, CheckpointDb, "SELECT max(batch_id) FROM commits;"));
        Assert.Equal(1L, await ScalarAsync(SqlProvider.Sqlite, CheckpointDb, "SELECT count(*) FROM sluice_sink_commits;"));

        var second = await Writer(input, Checkpoint).StartSqlAsync(Counter(SqlSink.Sqlite<Hit>(CheckpointDb, "hits")));
        try
        {
            await second.ProcessAllAvailableAsync().WaitAsync(Wait);
            Assert.Equal(TableAfterStep[1], await TableAsync(SqlProvider.Sqlite, CheckpointDb, "hits"));
            await FeedAsync(second, input, 2);
        }
        finally
        {
            await second.StopAsync();
        }

        Assert.Equal(TableAfterStep[2], await TableAsync(SqlProvider.Sqlite, CheckpointDb, "hits"));
        Assert.Equal(2L, await ScalarAsync(SqlProvider.Sqlite, CheckpointDb, "SELECT max(batch_id) FROM commits;"));
    }

    [Fact]
    public async Task A_missing_table_fails_the_query_naming_the_table_and_the_fix_and_the_epoch_is_written_after_the_restart()
    {
        var file = _temp.File("out.db");
        var input = new MemorySource<string>();
        var options = SqlSink.Sqlite<Hit>(file, "hits").ColumnsFromProperties().Key("word").Accumulate("hits");
        var first = await Writer(input, Checkpoint).StartSqlAsync(options);
        await FeedAsync(first, input, 0, 1);
        var error = await FailureAsync(first);
        Assert.Contains($"The SQL sink's table does not exist in SQLite '{file}', table \"hits\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("create it with the columns (word TEXT, hits INTEGER) and a primary key on (word), or call CreateTableIfMissing()", error.Message, StringComparison.Ordinal);

        var second = await Writer(input, Checkpoint).StartSqlAsync(options.CreateTableIfMissing());
        try
        {
            await FeedAsync(second, input, 1, 3);
        }
        finally
        {
            await second.StopAsync();
        }

        Assert.Equal(TableAfterStep[2], await TableAsync(SqlProvider.Sqlite, file, "hits"));
    }

    [Fact]
    public async Task An_unreachable_database_fails_the_query_naming_the_file_and_saying_no_row_is_lost()
    {
        var file = _temp.File("missing-directory/out.db");
        var input = new MemorySource<string>();
        var query = await Writer(input, Checkpoint).StartSqlAsync(Counter(SqlSink.Sqlite<Hit>(file, "hits")));
        await FeedAsync(query, input, 0, 1);
        var error = await FailureAsync(query);
        Assert.StartsWith($"The SQL sink could not write epoch 0 to SQLite '{file}', table \"hits\": ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("No row of the epoch is lost: it is written again when the query is started again on its checkpoint.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_mode_without_key_columns_is_refused_at_start()
    {
        var input = new MemorySource<string>();
        var error = await Assert.ThrowsAsync<StreamingQueryException>(() =>
            DataStream.From(input).GroupBy(static w => w).Count().Select(static r => new WordTotal(r.Key, r.Value))
                .WriteStream().OutputMode(OutputMode.Update).Manager(new StreamingQueryManager())
                .StartSqlAsync(SqlSink.Sqlite<WordTotal>(_temp.File("out.db"), "totals").ColumnsFromProperties()));
        Assert.Contains("no key columns are set: call Key(...) on the sink options, or use Append.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_naming_an_unknown_key_column_are_refused()
    {
        var error = Assert.Throws<StreamingQueryException>(() => new SqlQuerySink<Hit>(SqlSink.Sqlite<Hit>(_temp.File("out.db"), "hits").ColumnsFromProperties().Key("name")));
        Assert.Contains("the key column 'name' is not one of its columns (word, hits).", error.Message, StringComparison.Ordinal);
    }
}
