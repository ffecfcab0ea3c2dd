using System.Collections.Concurrent;
using System.Text.Json;
using Sluice.Actors.Scheduling;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Graphs.Queries.Progress;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.State;
using Sluice.Graphs.Tests.IO;
using Sluice.TestKit.Queries;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests.Queries;

public sealed class QueryLifecycleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static readonly string[] ProgressFields = ["id", "runId", "timestamp", "batchId", "numInputRows", "inputRowsPerSecond", "processedRowsPerSecond", "durationMs", "eventTime", "stateOperators", "sources", "sink", "latencyMs"];

    private static readonly string[] Phases = ["addBatch", "getBatch", "latestOffset", "queryPlanning", "triggerExecution", "walCommit", "commitOffsets"];

    private static readonly string[] OperatorFields = ["operatorName", "numRowsTotal", "numRowsUpdated", "numRowsRemoved", "numRowsDroppedByWatermark", "memoryUsedBytes"];

    private static readonly string[] SourceFields = ["description", "endOffset", "latestOffset", "numInputRows", "inputRowsPerSecond", "processedRowsPerSecond"];

    private static DataStream<(string Key, long Count)> Counted(MemorySource<string> words, string name = "count") =>
        DataStream.From(words).Stateful(w => w, new CountPerKey<string>(name));

    [Fact]
    public void Append_mode_on_an_aggregation_without_watermark_is_refused_naming_the_fix()
    {
        var input = new MemorySource<long>();
        var stream = DataStream.From(input).Stateful(ms => WindowCount.WindowOf(ms, 5000), new WindowCount(5000));
        var e = Assert.Throws<StreamingQueryException>(() => stream.WriteStream().OutputMode(OutputMode.Append).Manager(new StreamingQueryManager()).Start(new MemorySink<(long, long)>()));
        Assert.Contains("Operator 'window-count': Append output mode needs a watermark on an aggregation: add WithWatermark", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_mode_without_an_aggregation_and_update_mode_to_files_are_refused()
    {
        var input = new MemorySource<int>();
        var complete = Assert.Throws<StreamingQueryException>(() => DataStream.From(input).WriteStream().OutputMode(OutputMode.Complete).Start(new MemorySink<int>()));
        Assert.Contains("Complete output mode is not supported when there are no stateful operators", complete.Message, StringComparison.Ordinal);
        var files = Assert.Throws<StreamingQueryException>(() => Counted(new MemorySource<string>()).WriteStream().OutputMode(OutputMode.Update).Start(new FileQuerySink<(string, long)>("/tmp/never")));
        Assert.Contains("the file sink supports only Append output mode", files.Message, StringComparison.Ordinal);
    }

    [Fact]
    public Task Test_kit_reports_a_refused_start()
    {
        var input = new MemorySource<long>();
        var stream = DataStream.From(input).Stateful(ms => WindowCount.WindowOf(ms, 5000), new WindowCount(5000));
        return new QueryTest<(long, long)>(stream, OutputMode.Append, output).ExpectStartRefused("add WithWatermark").RunAsync();
    }

    [Fact]
    public Task A_failing_row_function_ends_the_query_with_its_exception()
    {
        var input = new MemorySource<int>();
        var stream = DataStream.From(input).Select(n => n == 3 ? throw new InvalidOperationException("three") : n);
        return new QueryTest<int>(stream, OutputMode.Append, output)
            .AddData(input, 1, 2)
            .CheckNewAnswer(1, 2)
            .AddData(input, 3)
            .ExpectFailure<InvalidOperationException>(e => e.Message == "three")
            .RunAsync();
    }

    [Fact]
    public Task Progress_has_spark_field_names_per_source_operator_and_sink()
    {
        var words = new MemorySource<string>("words");
        return new QueryTest<(string, long)>(Counted(words), OutputMode.Update, output)
            .AddData(words, "a", "b", "a")
            .CheckNewAnswer(("a", 2L), ("b", 1L))
            .AssertProgress(p => p.BatchId == 0 && p.NumInputRows == 3 && p.Sink.NumOutputRows == 2, "batch 0 read 3 rows and wrote 2")
            .Assert(q =>
            {
                var p = q.LastProgress!;
                Assert.Equal(q.Id, p.Id);
                Assert.Equal(q.RunId, p.RunId);
                Assert.Equal(new StateOperatorProgress("count", 2, 2, 0, 0, p.StateOperators[0].MemoryUsedBytes, 8), p.StateOperators[0]);
                Assert.Equal(new SourceProgress("words", null, "3", "3", 3, 0, p.Sources[0].ProcessedRowsPerSecond), p.Sources[0]);
                using var json = JsonDocument.Parse(p.Json);
                var root = json.RootElement;
                foreach (var field in ProgressFields)
                {
                    Assert.True(root.TryGetProperty(field, out _), field);
                }

                foreach (var phase in Phases)
                {
                    Assert.True(root.GetProperty("durationMs").TryGetProperty(phase, out _), phase);
                }

                var op = root.GetProperty("stateOperators")[0];
                foreach (var field in OperatorFields)
                {
                    Assert.True(op.TryGetProperty(field, out _), field);
                }

                var source = root.GetProperty("sources")[0];
                foreach (var field in SourceFields)
                {
                    Assert.True(source.TryGetProperty(field, out _), field);
                }

                Assert.Equal(2, root.GetProperty("sink").GetProperty("numOutputRows").GetInt64());
                Assert.True(root.GetProperty("latencyMs").TryGetProperty("p99", out _));
            }, "the JSON has Spark's names")
            .AddData(words, "c")
            .CheckNewAnswer(("c", 1L))
            .AssertProgress(p => p.Sources[0].StartOffset == "3" && p.Sources[0].EndOffset == "4" && p.StateOperators[0].NumRowsUpdated == 1, "batch 1 reads [3, 4)")
            .RunAsync();
    }

    [Fact]
    public async Task Listeners_hear_start_progress_idle_and_termination_and_the_manager_tracks_active_queries()
    {
        var manager = new StreamingQueryManager();
        var listener = new RecordingListener();
        manager.AddListener(listener);
        var words = new MemorySource<string>();
        var sink = new MemorySink<(string, long)>();
        var query = await Counted(words).WriteStream().OutputMode(OutputMode.Update).QueryName("counts").Manager(manager).StartAsync(sink);
        Assert.Same(query, manager.Get(query.Id));
        Assert.Equal([query], manager.Active);
        words.AddData("a");
        await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        await query.StopAsync().WaitAsync(Wait);
        await manager.AwaitAnyTerminationAsync().WaitAsync(Wait);
        Assert.Empty(manager.Active);
        Assert.False(query.IsActive);
        Assert.Equal("started", listener.Events.First());
        Assert.Contains("progress 0", listener.Events);
        Assert.Contains("idle", listener.Events);
        Assert.Equal("terminated ", listener.Events.Last());
        Assert.Equal("counts", query.LastProgress!.Name);
    }

    [Fact]
    public async Task A_batch_planned_but_not_committed_is_run_again_with_the_same_offsets()
    {
        var location = "replay-" + Guid.NewGuid().ToString("N");
        var words = new MemorySource<string>();
        var sink = new MemorySink<(string, long)>();
        var clock = new VirtualTimeProvider(DateTimeOffset.UnixEpoch);
        var writer = Counted(words).WriteStream().OutputMode(OutputMode.Update).CheckpointLocation(location).Clock(clock).Manager(new StreamingQueryManager());
        var query = await writer.StartAsync(sink);
        words.AddData("a", "b");
        await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        await query.StopAsync();

        // As if the process died after logging batch 1's offsets ([2, 3)), before committing it.
        words.AddData("a", "c");
        var store = MemoryCheckpointStore.For(location);
        await store.WriteOffsetsAsync(new OffsetLogEntry(1, [2], [3], 0, 0, 0, false), CancellationToken.None);

        query = await writer.StartAsync(sink);
        await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        await query.StopAsync();
        Assert.Equal([(0L, 2), (1L, 1), (2L, 1)], sink.Batches.Select(b => (b.EpochId, b.Rows.Count)));
        Assert.Equal([("a", 2L)], sink.Batches[1].Rows);
        Assert.Equal([("c", 1L)], sink.Batches[2].Rows);
    }

    [Fact]
    public async Task For_each_batch_console_and_file_sinks_get_each_epoch_once_with_its_id()
    {
        var words = new MemorySource<string>();
        var batches = new ConcurrentQueue<(long, int)>();
        var manager = new StreamingQueryManager();
        var query = await Counted(words).WriteStream().OutputMode(OutputMode.Update).Manager(manager)
            .ForEachBatchAsync((rows, epoch) => batches.Enqueue((epoch, rows.Count)));
        words.AddData("a", "b");
        await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        words.AddData("a");
        await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        await query.StopAsync();
        Assert.Equal([(0L, 2), (1L, 1)], batches);

        var console = new StringWriter();
        var numbers = new MemorySource<int>(keepCommittedRows: true); // read again from the start by the next query
        query = await DataStream.From(numbers).WriteStream().Manager(manager).StartConsoleAsync(output: console);
        numbers.AddData(7);
        await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        await query.StopAsync();
        Assert.Equal("-------------------------------------------\nBatch: 0\n-------------------------------------------\n+-----+\n|value|\n+-----+\n|    7|\n+-----+\n\n", console.ToString());

        using var dir = new TempDirectory();
        query = await DataStream.From(numbers).Select(n => n * 10).WriteStream().Manager(manager).StartFilesAsync(dir.Path);
        await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        await query.StopAsync();
        Assert.Equal("70\n", await File.ReadAllTextAsync(Path.Combine(dir.Path, "part-00000000.jsonl")));
    }

    [Fact]
    public Task Rows_judged_late_go_to_the_late_data_side_output()
    {
        var input = new MemorySource<long>();
        var late = new ConcurrentQueue<(long Epoch, long Row)>();
        var stream = DataStream.From(input).Select(s => s * 1000)
            .WithWatermark(ms => DateTimeOffset.FromUnixTimeMilliseconds(ms), TimeSpan.FromSeconds(10))
            .Stateful(ms => WindowCount.WindowOf(ms, 5000), new WindowCount(5000))
            .LateDataTo<long>((rows, epoch) =>
            {
                foreach (var row in rows)
                {
                    late.Enqueue((epoch, row.Value));
                }
            });
        return new QueryTest<(long, long)>(stream, OutputMode.Update, output)
            .AddData(input, 30)
            .CheckNewAnswer((30_000L, 1L))
            .AddData(input, 5, 31)
            .CheckNewAnswer((30_000L, 2L))
            .Assert(_ => Assert.Equal([(2L, 5000L)], late), "the late row went to the side output (batch 1 was the no-data batch)")
            .RunAsync();
    }

    [Fact]
    public Task Chained_operators_judge_lateness_by_the_previous_watermark_and_evict_by_the_current()
    {
        var input = new MemorySource<long>();
        var second = new CountPerKey<long>("second");
        var stream = DataStream.From(input).Select(s => s * 1000)
            .WithWatermark(ms => DateTimeOffset.FromUnixTimeMilliseconds(ms), TimeSpan.Zero)
            .Stateful(ms => WindowCount.WindowOf(ms, 5000), new WindowCount(5000))
            .Select(w => w.Start)
            .Stateful(start => start, second);
        return new QueryTest<(long, long)>(stream, OutputMode.Update, output)
            .AddData(input, 10)
            .CheckNewAnswer((10_000L, 1L))
            .AddData(input, 20)
            .CheckNewAnswer((20_000L, 1L))
            .Assert(_ =>
            {
                var last = second.Epochs.Where(e => e.EpochId == 1).Distinct().Single();
                Assert.Equal(0, last.LatenessWatermarkMs); // the watermark batch 0 ran with
                Assert.Equal(10_000, last.EvictionWatermarkMs); // the one batch 1 runs with
            }, "rule 9")
            .RunAsync();
    }

    [Fact]
    public async Task A_sink_reused_by_a_new_query_commits_its_epochs_again()
    {
        var numbers = new MemorySource<int>(keepCommittedRows: true);
        numbers.AddData(1);
        var sink = new MemorySink<int>();
        var manager = new StreamingQueryManager();
        for (var run = 0; run < 2; run++)
        {
            var query = await DataStream.From(numbers).WriteStream().Trigger(Trigger.Once).Manager(manager).StartAsync(sink);
            await query.AwaitTerminationAsync().WaitAsync(Wait);
        }

        Assert.Equal([1, 1], sink.Rows);
        Assert.Equal([0L, 0L], sink.Batches.Select(b => b.EpochId));
    }

    [Fact]
    public async Task A_second_query_on_an_active_checkpoint_location_is_refused()
    {
        var manager = new StreamingQueryManager();
        var writer = DataStream.From(new MemorySource<int>()).WriteStream().CheckpointLocation("busy-" + Guid.NewGuid().ToString("N")).Manager(manager);
        var first = await writer.StartAsync(new MemorySink<int>());
        var e = await Assert.ThrowsAsync<StreamingQueryException>(() => writer.StartAsync(new MemorySink<int>()));
        Assert.Contains("is already active: stop it before starting it again", e.Message, StringComparison.Ordinal);
        Assert.True(first.IsActive);
        Assert.Same(first, manager.Get(first.Id));
        await first.StopAsync();
    }

    private sealed class RecordingListener : StreamingQueryListener
    {
        public ConcurrentQueue<string> Events { get; } = new();

        public override void OnQueryStarted(StreamingQuery query) => Events.Enqueue("started");

        public override void OnQueryProgress(StreamingQuery query, StreamingQueryProgress progress) => Events.Enqueue("progress " + progress.BatchId);

        public override void OnQueryIdle(StreamingQuery query) => Events.Enqueue("idle");

        public override void OnQueryTerminated(StreamingQuery query, Exception? exception) => Events.Enqueue("terminated " + exception?.Message);
    }
}
