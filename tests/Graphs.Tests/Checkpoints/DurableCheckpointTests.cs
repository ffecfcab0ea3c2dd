using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Tests.IO;
using Sluice.Graphs.Windows;
using Xunit.Abstractions;
using static Sluice.Graphs.Tests.Checkpoints.WordCount;

namespace Sluice.Graphs.Tests.Checkpoints;

/// <summary>
/// A windowed word count on a checkpoint directory, stopped with its actor system (a process restart) and started again
/// in a new one: the output across both runs is exactly the output of one uninterrupted run.
/// </summary>
public sealed class DurableCheckpointTests(ITestOutputHelper log) : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Checkpoint => _temp.File("checkpoint");

    public void Dispose() => _temp.Dispose();

    private static readonly Word[][] Steps =
    [
        [At("dog", 7), At("owl", 8)],
        [At("dog", 14), At("cat", 9)],
        [At("cat", 15), At("dog", 8), At("owl", 13), At("owl", 21)],
        [At("owl", 17), At("donkey", 4)],
        [At("cat", 31), At("dog", 26)],
    ];

    /// <summary>The output mode and the output of one uninterrupted run of all steps.</summary>
    private async Task<(OutputMode Mode, List<string> Output)> ReferenceAsync(string modeName)
    {
        var mode = modeName == "Update" ? OutputMode.Update : OutputMode.Append;
        var input = new MemorySource<Word>();
        await using var run = await CheckpointedRun<WindowedRow<string, long>>.StartAsync(_temp.File("reference"), Windowed(input), mode);
        return (mode, await RunStepsAsync(run, input, Steps));
    }

    /// <summary>Adds each step's rows and waits for its batches; returns all batches the run's sink committed.</summary>
    private static async Task<List<string>> RunStepsAsync(CheckpointedRun<WindowedRow<string, long>> run, MemorySource<Word> input, Word[][] steps)
    {
        foreach (var step in steps)
        {
            input.AddData(step);
            await run.ProcessAllAvailableAsync();
        }

        return Show(run.Sink.Batches).ToList();
    }

    [Theory]
    [InlineData("Update", 1)]
    [InlineData("Update", 2)]
    [InlineData("Update", 3)]
    [InlineData("Append", 1)]
    [InlineData("Append", 3)]
    [InlineData("Append", 4)]
    public async Task A_query_restarted_in_a_new_actor_system_continues_exactly_where_it_stopped(string modeName, int stepsBeforeRestart)
    {
        var (mode, expected) = await ReferenceAsync(modeName);

        var input = new MemorySource<Word>(); // the source outlives the process, like a file directory or a topic
        var output = new List<string>();
        await using (var first = await CheckpointedRun<WindowedRow<string, long>>.StartAsync(Checkpoint, Windowed(input), mode))
        {
            output.AddRange(await RunStepsAsync(first, input, Steps[..stepsBeforeRestart]));
        }

        await using (var second = await CheckpointedRun<WindowedRow<string, long>>.StartAsync(Checkpoint, Windowed(input), mode))
        {
            output.AddRange(await RunStepsAsync(second, input, Steps[stepsBeforeRestart..]));
        }

        Assert.Equal(expected, output);
        Assert.True(File.Exists(Path.Combine(Checkpoint, SqliteCheckpointStore.FileName)));
        Assert.True(File.Exists(Path.Combine(Checkpoint, SqliteCheckpointStore.StateFileName)));
    }

    [Theory]
    [InlineData("Update", 1)]
    [InlineData("Update", 3)]
    [InlineData("Append", 2)]
    [InlineData("Append", 4)]
    public async Task A_query_that_crashed_after_its_state_was_persisted_but_before_the_commit_recovers_exactly(string modeName, long failingBatch)
    {
        var (mode, expected) = await ReferenceAsync(modeName);

        var input = new MemorySource<Word>();
        var output = new List<string>();
        var consumed = 0;
        await using (var first = await CheckpointedRun<WindowedRow<string, long>>.StartAsync(
            Checkpoint, Windowed(input), mode, w => w.WrapCheckpointStore(store => new CommitFailingStore(store, failingBatch))))
        {
            foreach (var step in Steps)
            {
                input.AddData(step);
                consumed++;
                try
                {
                    await first.ProcessAllAvailableAsync();
                }
                catch (StreamingQueryException)
                {
                    break;
                }
            }

            var failure = await Assert.ThrowsAsync<StreamingQueryException>(() => first.Query.AwaitTerminationAsync().WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Same(first.Query.Exception, failure);
            Assert.Contains("injected crash", first.Query.Exception!.Message, StringComparison.Ordinal);
            output.AddRange(Show(first.Sink.Batches));
            Assert.DoesNotContain(first.Sink.Batches, b => b.EpochId >= failingBatch);
        }

        await using (var second = await CheckpointedRun<WindowedRow<string, long>>.StartAsync(Checkpoint, Windowed(input), mode))
        {
            await second.ProcessAllAvailableAsync();
            output.AddRange(await RunStepsAsync(second, input, Steps[consumed..]));
        }

        Assert.Equal(expected, output);
    }

    [Fact]
    public async Task The_query_id_survives_the_restart()
    {
        var input = new MemorySource<Word>();
        Guid id;
        await using (var first = await CheckpointedRun<WindowedRow<string, long>>.StartAsync(Checkpoint, Windowed(input), OutputMode.Update))
        {
            id = first.Query.Id;
        }

        await using var second = await CheckpointedRun<WindowedRow<string, long>>.StartAsync(Checkpoint, Windowed(input), OutputMode.Update);
        Assert.Equal(id, second.Query.Id);
    }

    [Fact]
    public async Task A_batch_planned_but_not_committed_is_run_again_with_the_logged_offsets_after_a_restart()
    {
        var input = new MemorySource<Word>();
        await using (var first = await CheckpointedRun<WindowedRow<string, long>>.StartAsync(Checkpoint, Windowed(input), OutputMode.Update))
        {
            input.AddData(At("dog", 7), At("owl", 8));
            await first.ProcessAllAvailableAsync();
        }

        // As if the process died after logging the next batch as rows [2, 4), before committing it; more rows arrived since.
        input.AddData(At("dog", 14), At("cat", 9));
        input.AddData(At("cat", 15), At("owl", 13));
        var committed = (long)Sql("SELECT max(batch_id) FROM commits;")!;
        var commit = JsonSerializer.Deserialize<CommitLogEntry>((string)Sql($"SELECT entry FROM commits WHERE batch_id = {committed};")!)!;
        var last = JsonSerializer.Deserialize<OffsetLogEntry>((string)Sql($"SELECT entry FROM offsets WHERE batch_id = {committed};")!)!;
        var planned = new OffsetLogEntry(committed + 1, [2], [4], commit.NextWatermarkMs, last.WatermarkMs, last.BatchTimestampMs, false);
        Sql("INSERT INTO offsets (batch_id, entry) VALUES ($batch, $entry);", JsonSerializer.Serialize(planned), committed + 1);

        await using var second = await CheckpointedRun<WindowedRow<string, long>>.StartAsync(Checkpoint, Windowed(input), OutputMode.Update);
        await second.ProcessAllAvailableAsync();
        var progress = second.Query.RecentProgress;
        Assert.Equal([committed + 1, committed + 2], progress.Take(2).Select(p => p.BatchId));
        Assert.Equal([2L, 2L], progress.Take(2).Select(p => p.NumInputRows));
        Assert.Equal(["4", "6"], progress.Take(2).Select(p => p.Sources[0].EndOffset));
        Assert.Equal(
            ["[12:00, 12:10) cat 1", "[12:05, 12:15) cat 1", "[12:05, 12:15) dog 2", "[12:10, 12:20) dog 1"],
            Describe(second.Sink.Batches[0]).Select(r => r[(r.IndexOf(' ', StringComparison.Ordinal) + 1)..]));
        Assert.Equal(committed + 1, second.Sink.Batches[0].EpochId);
    }

    [Fact]
    public async Task A_changed_number_of_shards_is_refused_naming_the_difference_and_the_fix()
    {
        var input = new MemorySource<Word>();
        await (await CheckpointedRun<WindowedRow<string, long>>.StartAsync(Checkpoint, Windowed(input), OutputMode.Update)).DisposeAsync();

        var error = await Assert.ThrowsAsync<CheckpointException>(() =>
            CheckpointedRun<WindowedRow<string, long>>.StartAsync(Checkpoint, Windowed(input), OutputMode.Update, w => w.NumberOfShards(8)));
        Assert.Contains("the number of shards changed from 4 to 8", error.Message, StringComparison.Ordinal);
        Assert.Contains("new checkpoint location", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_key_type_is_refused_naming_both_operators()
    {
        var input = new MemorySource<Word>();
        await (await CheckpointedRun<WindowedRow<string, long>>.StartAsync(Checkpoint, Windowed(input), OutputMode.Update)).DisposeAsync();

        var byLength = DataStream.From(input).WithTimestamps(w => w.Time).WithWatermark(TimeSpan.FromMinutes(10))
            .GroupBy(w => w.Text.Length, Window.Sliding(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5))).Count();
        var error = await Assert.ThrowsAsync<CheckpointException>(() =>
            CheckpointedRun<WindowedRow<int, long>>.StartAsync(Checkpoint, byLength, OutputMode.Update));
        Assert.Contains("the stateful operators (name: key type, in plan order) changed", error.Message, StringComparison.Ordinal);
        Assert.Contains("String", error.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", error.Message, StringComparison.Ordinal);
        Assert.Contains(Checkpoint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_added_filter_is_allowed_on_an_existing_checkpoint()
    {
        var input = new MemorySource<Word>();
        await using (var first = await CheckpointedRun<WindowedRow<string, long>>.StartAsync(Checkpoint, Windowed(input), OutputMode.Update))
        {
            input.AddData(At("dog", 7));
            await first.ProcessAllAvailableAsync();
        }

        var filtered = DataStream.From(input).Where(w => w.Text != "cat").WithTimestamps(w => w.Time).WithWatermark(TimeSpan.FromMinutes(10))
            .GroupBy(w => w.Text, Window.Sliding(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5))).Count();
        await using var second = await CheckpointedRun<WindowedRow<string, long>>.StartAsync(Checkpoint, filtered, OutputMode.Update);
        input.AddData(At("dog", 8), At("cat", 8));
        await second.ProcessAllAvailableAsync();
        Assert.Equal(["[12:00, 12:10) dog 2", "[12:05, 12:15) dog 2"], second.Sink.Batches.SelectMany(Describe).Select(r => r[(r.IndexOf(' ', StringComparison.Ordinal) + 1)..]));
    }

    [Fact]
    public async Task A_stateful_query_on_a_checkpoint_directory_without_persistent_state_is_refused()
    {
        var input = new MemorySource<Word>();
        var error = await Assert.ThrowsAsync<StreamingQueryException>(() =>
            Windowed(input).WriteStream().OutputMode(OutputMode.Update).CheckpointLocation(Checkpoint).StartAsync(new MemorySink<WindowedRow<string, long>>()));
        Assert.Contains("call PersistentState(actorSystem)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persistent_state_with_its_journal_outside_the_checkpoint_directory_is_refused()
    {
        var input = new MemorySource<Word>();
        var elsewhere = CheckpointedRun<int>.SystemIn(_temp.File("elsewhere"));
        try
        {
            var error = Assert.Throws<StreamingQueryException>(() =>
                Windowed(input).WriteStream().OutputMode(OutputMode.Update).CheckpointLocation(Checkpoint).PersistentState(elsewhere)
                    .Start(new MemorySink<WindowedRow<string, long>>()));
            Assert.Contains($"set sluice.persistence.data-directory = \"{Checkpoint}\"", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await elsewhere.Terminate();
        }
    }

    [Fact]
    public async Task A_query_killed_while_it_created_its_checkpoint_starts_afresh_on_the_next_start()
    {
        Directory.CreateDirectory(Checkpoint);
        var creating = Path.Combine(Checkpoint, SqliteCheckpointStore.FileName + ".creating");
        await File.WriteAllBytesAsync(creating, [83, 81, 76]); // what a kill in the middle of the creation leaves
        var input = new MemorySource<Word>();
        input.AddData(At("dog", 7));

        await using var run = await CheckpointedRun<WindowedRow<string, long>>.StartAsync(Checkpoint, Windowed(input), OutputMode.Update);
        await run.ProcessAllAvailableAsync();

        Assert.Equal(["0: [12:00, 12:10) dog 1", "0: [12:05, 12:15) dog 1"], Describe(run.Sink.Batches));
        Assert.False(File.Exists(creating));
    }

    public static TheoryData<string, string> Damages => new()
    {
        { "garbage", "file is not a database" },
        { "truncated", "damaged" },
        { "empty", "the table 'schema_version' is missing" },
        { "missing-table", "the table 'commits' is missing" },
        { "unreadable-entry", "in table 'offsets' is unreadable" },
        { "missing-metadata", "the query id in table 'metadata' is missing" },
        { "deleted", "holds query state" },
        { "state-deleted", "is committed but the state journal" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_damaged_checkpoint_fails_the_start_naming_the_file_and_the_cause_and_never_restarts_from_zero(string damage, string cause)
    {
        var input = new MemorySource<Word>();
        await using (var first = await CheckpointedRun<WindowedRow<string, long>>.StartAsync(Checkpoint, Windowed(input), OutputMode.Update))
        {
            input.AddData(At("dog", 7), At("owl", 8));
            await first.ProcessAllAvailableAsync();
        }

        var file = Path.Combine(Checkpoint, SqliteCheckpointStore.FileName);
        switch (damage)
        {
            case "garbage":
                await File.WriteAllBytesAsync(file, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7919 % 251)).ToArray());
                break;
            case "truncated":
                await using (var stream = new FileStream(file, FileMode.Open))
                {
                    stream.SetLength(stream.Length / 2);
                }

                break;
            case "empty":
                await File.WriteAllBytesAsync(file, []);
                break;
            case "missing-table":
                Sql("DROP TABLE commits;");
                break;
            case "unreadable-entry":
                Sql("UPDATE offsets SET entry = '{\"BatchId\": 0, \"StartOff' WHERE batch_id = (SELECT max(batch_id) FROM offsets);");
                break;
            case "missing-metadata":
                Sql("DELETE FROM metadata WHERE key = 'query-id';");
                break;
            case "deleted":
                File.Delete(file);
                break;
            case "state-deleted":
                File.Delete(Path.Combine(Checkpoint, SqliteCheckpointStore.StateFileName));
                File.Delete(Path.Combine(Checkpoint, SqliteCheckpointStore.StateFileName + "-wal"));
                File.Delete(Path.Combine(Checkpoint, SqliteCheckpointStore.StateFileName + "-shm"));
                break;
        }

        var before = File.Exists(file) ? await File.ReadAllBytesAsync(file) : null;
        var error = await Assert.ThrowsAsync<CheckpointException>(() =>
            CheckpointedRun<WindowedRow<string, long>>.StartAsync(Checkpoint, Windowed(input), OutputMode.Update));
        log.WriteLine(error.Message);
        Assert.Contains(cause, error.Message, StringComparison.Ordinal);
        Assert.Contains(Checkpoint, error.Message, StringComparison.Ordinal);
        Assert.Contains("never restarts", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.Exists(file) ? await File.ReadAllBytesAsync(file) : null); // left as found
    }

    private static IEnumerable<string> Describe(IEnumerable<(long EpochId, IReadOnlyList<WindowedRow<string, long>> Rows)> batches) =>
        batches.SelectMany(b => b.Rows.Select(r => $"{b.EpochId}: [{Minute(r.Window.StartMs)}, {Minute(r.Window.EndMs)}) {r.Key} {r.Value}"))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> Describe((long EpochId, IReadOnlyList<WindowedRow<string, long>> Rows) batch) => Describe([batch]);

    private static string Minute(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private object? Sql(string sql, string? entry = null, long batch = 0)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(Checkpoint, SqliteCheckpointStore.FileName)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (entry is not null)
        {
            command.Parameters.AddWithValue("$entry", entry);
            command.Parameters.AddWithValue("$batch", batch);
        }

        return command.ExecuteScalar();
    }
}
