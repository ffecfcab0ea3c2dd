using Sluice.Graphs.IO.Files;
using Sluice.Graphs.Tests.IO;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;
using Sluice.TestKit.Queries;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests.Queries;

public sealed class TriggerTests(ITestOutputHelper output)
{
    private static DataStream<(string Key, long Count)> Counted(MemorySource<string> words) =>
        DataStream.From(words).Stateful(w => w, new CountPerKey<string>());

    [Fact]
    public Task Processing_time_trigger_runs_one_batch_per_interval_and_none_before()
    {
        var words = new MemorySource<string>();
        return new QueryTest<(string, long)>(Counted(words), OutputMode.Update, output, Trigger.ProcessingTime(TimeSpan.FromSeconds(10)))
            .AddData(words, "a")
            .AdvanceClock(TimeSpan.FromSeconds(5))
            .CheckNewAnswer()
            .AdvanceClock(TimeSpan.FromSeconds(5))
            .CheckNewAnswer(("a", 1L))
            .AddData(words, "a", "b")
            .AdvanceClock(TimeSpan.FromSeconds(10))
            .CheckNewAnswer(("a", 2L), ("b", 1L))
            .AdvanceClock(TimeSpan.FromSeconds(30))
            .Assert(q =>
            {
                Assert.Equal([0L, 1L], q.RecentProgress.Select(p => p.BatchId));
                Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(20_000), q.LastProgress!.Timestamp);
            }, "two batches, at 10 s and 20 s")
            .RunAsync();
    }

    [Fact]
    public Task With_an_interval_trigger_the_no_data_batch_waits_for_the_next_trigger()
    {
        var input = new MemorySource<long>();
        var stream = DataStream.From(input).Select(s => s * 1000)
            .WithWatermark(ms => DateTimeOffset.FromUnixTimeMilliseconds(ms), TimeSpan.Zero)
            .Stateful(ms => WindowCount.WindowOf(ms, 5000), new WindowCount(5000));
        return new QueryTest<(long, long)>(stream, OutputMode.Append, output, Trigger.ProcessingTime(TimeSpan.FromSeconds(10)))
            .AddData(input, 1, 7)
            .AdvanceClock(TimeSpan.FromSeconds(10))
            .CheckNewAnswer()
            .Assert(q => Assert.Single(q.RecentProgress), "one batch per trigger")
            .AdvanceClock(TimeSpan.FromSeconds(10)) // the no-data batch runs with watermark 7 s and closes [0, 5)
            .CheckNewAnswer((0L, 1L))
            .Assert(q => Assert.Equal([2L, 0L], q.RecentProgress.Select(p => p.NumInputRows)), "the second batch had no data")
            .RunAsync();
    }

    [Fact]
    public async Task Once_trigger_runs_exactly_one_batch_without_a_no_data_batch_and_stops()
    {
        var input = new MemorySource<long>();
        input.AddData(10, 30);
        var sink = new MemorySink<(long, long)>();
        var manager = new StreamingQueryManager();
        var query = await DataStream.From(input).Select(s => s * 1000)
            .WithWatermark(ms => DateTimeOffset.FromUnixTimeMilliseconds(ms), TimeSpan.FromSeconds(5))
            .Stateful(ms => WindowCount.WindowOf(ms, 5000), new WindowCount(5000))
            .WriteStream().OutputMode(OutputMode.Append).Trigger(Trigger.Once).Manager(manager)
            .StartAsync(sink);
        await query.AwaitTerminationAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Single(query.RecentProgress);
        Assert.Empty(sink.Rows);
        Assert.Empty(manager.Active);
    }

    [Fact]
    public async Task Available_now_respects_max_files_per_trigger_then_runs_one_no_data_batch_and_stops()
    {
        using var dir = new TempDirectory();
        for (var i = 0; i < 3; i++)
        {
            var path = Path.Combine(dir.Path, $"f{i}.txt");
            await File.WriteAllTextAsync(path, $"{(i * 10) + 10}\n{(i * 10) + 11}\n");
            File.SetLastWriteTimeUtc(path, new DateTime(2020, 1, 1, 0, 0, i, DateTimeKind.Utc));
        }

        var sink = new MemorySink<(long, long)>();
        var query = await DataStream.Files<string>(dir.Path, FileFormat.Text, maxFilesPerTrigger: 1)
            .Select(line => long.Parse(line, System.Globalization.CultureInfo.InvariantCulture) * 1000)
            .WithWatermark(ms => DateTimeOffset.FromUnixTimeMilliseconds(ms), TimeSpan.Zero)
            .Stateful(ms => WindowCount.WindowOf(ms, 10_000), new WindowCount(10_000))
            .WriteStream().OutputMode(OutputMode.Append).Trigger(Trigger.AvailableNow).Manager(new StreamingQueryManager())
            .StartAsync(sink);
        await query.AwaitTerminationAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal([2L, 2L, 2L, 0L], query.RecentProgress.Select(p => p.NumInputRows));
        Assert.Equal([(10_000L, 2L), (20_000L, 2L)], sink.Rows.Order()); // [30, 40) stays open: the final watermark is 31 s
    }

    [Fact]
    public Task Continuous_trigger_delivers_rows_at_every_checkpoint_interval()
    {
        var numbers = new MemorySource<int>();
        return new QueryTest<int>(DataStream.From(numbers).Select(n => n * 2), OutputMode.Append, output, Trigger.Continuous(TimeSpan.FromSeconds(1)))
            .AddData(numbers, 1, 2)
            .AdvanceClock(TimeSpan.FromSeconds(1))
            .CheckNewAnswer(2, 4)
            .AddData(numbers, 3)
            .AdvanceClock(TimeSpan.FromSeconds(1))
            .CheckNewAnswer(6)
            .AdvanceClock(TimeSpan.FromSeconds(1))
            .Assert(q => Assert.Equal([0L, 1L, 2L], q.RecentProgress.Select(p => p.BatchId)), "an epoch per interval")
            .RunAsync();
    }

    [Fact]
    public Task Rate_source_emits_rows_per_second_of_the_query_clock()
    {
        return new QueryTest<long>(DataStream.Rate(10).Select(r => r.Value), OutputMode.Append, output, Trigger.ProcessingTime(TimeSpan.FromSeconds(1)))
            .AdvanceClock(TimeSpan.FromSeconds(2))
            .CheckAnswer([.. Enumerable.Range(0, 20).Select(i => (long)i)])
            .RunAsync();
    }

    [Fact]
    public async Task A_processing_time_batch_that_overruns_its_interval_is_followed_at_once_as_in_spark()
    {
        var clock = new Sluice.Actors.Scheduling.VirtualTimeProvider(DateTimeOffset.UnixEpoch);
        var source = new SlowFirstRead(clock, TimeSpan.FromSeconds(15));
        var query = await DataStream.From(source).WriteStream().OutputMode(OutputMode.Append)
            .Trigger(Trigger.ProcessingTime(TimeSpan.FromSeconds(10))).Clock(clock).Manager(new StreamingQueryManager())
            .StartAsync(new MemorySink<int>());
        try
        {
            await query.ProcessAllAvailableAsync().WaitAsync(TimeSpan.FromSeconds(20));

            // Batch 0 starts at 0 s and ends at 15 s, past the 10 s boundary: batch 1 starts at 15 s, not at 20 s.
            Assert.Equal([0L, 15_000L], query.RecentProgress.Select(p => p.Timestamp.ToUnixTimeMilliseconds()));
        }
        finally
        {
            await query.StopAsync();
        }
    }

    /// <summary>Two rows, one per batch; reading the first takes <paramref name="first"/> of the query's clock.</summary>
    private sealed class SlowFirstRead(Sluice.Actors.Scheduling.VirtualTimeProvider clock, TimeSpan first) : QuerySource<int>
    {
        public override string Description => "slow-first-read";

        public override ValueTask<long> LatestOffsetAsync(long start, bool applyLimits, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Math.Min(2, start + 1));

        public override ValueTask<IEnumerable<int>> ReadAsync(long start, long end, CancellationToken cancellationToken)
        {
            if (start == 0) clock.Advance(first);
            return ValueTask.FromResult<IEnumerable<int>>([(int)start]);
        }
    }
}
