using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sources;
using Sluice.TestKit.Queries;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests.Queries;

public sealed class StatefulPrimitiveTests(ITestOutputHelper output)
{
    [Fact]
    public Task Stateful_join_routes_both_sides_by_key_to_the_same_shard_within_one_epoch()
    {
        var left = new MemorySource<string>("left");
        var right = new MemorySource<string>("right");
        var joined = DataStream.From(left).StatefulJoin(DataStream.From(right), l => l.Split(':')[0], r => r.Split(':')[0], new BufferingJoin());
        return new QueryTest<(string, string)>(joined, OutputMode.Append, output)
            .AddData(() =>
            {
                left.AddData("a:1", "b:1");
                right.AddData("a:x");
            }, "left a:1 b:1, right a:x")
            .CheckNewAnswer(("a:1", "a:x"))
            .AddData(right, "b:y", "a:z")
            .CheckNewAnswer(("b:1", "b:y"), ("a:1", "a:z"))
            .AssertStateRows("join", 4)
            .StopQuery()
            .AddData(left, "a:2")
            .StartQuery()
            .CheckNewAnswer(("a:2", "a:x"), ("a:2", "a:z"))
            .RunAsync();
    }

    [Fact]
    public Task A_processing_time_timeout_makes_every_trigger_run_a_batch()
    {
        var input = new MemorySource<int>();
        var stream = DataStream.From(input).Stateful(n => n, new EpochTicker());
        return new QueryTest<(long, long)>(stream, OutputMode.Update, output, Trigger.ProcessingTime(TimeSpan.FromSeconds(5)))
            .CheckNewAnswer((0L, 0L))
            .AdvanceClock(TimeSpan.FromSeconds(5))
            .CheckNewAnswer((1L, 5000L))
            .AdvanceClock(TimeSpan.FromSeconds(5))
            .AdvanceClock(TimeSpan.FromSeconds(5))
            .CheckNewAnswer((2L, 10_000L), (3L, 15_000L))
            .RunAsync();
    }

    [Fact]
    public Task Processing_time_stamps_rows_with_the_batch_timestamp()
    {
        var input = new MemorySource<int>();
        var stream = DataStream.From(input).WithProcessingTime()
            .WithWatermark(TimeSpan.Zero)
            .Select(n => n);
        return new QueryTest<int>(stream, OutputMode.Append, output, Trigger.ProcessingTime(TimeSpan.FromSeconds(1)))
            .AddData(input, 1, 2)
            .AdvanceClock(TimeSpan.FromSeconds(3))
            .CheckNewAnswer(1, 2)
            .AssertEventTimeStats(min: DateTimeOffset.FromUnixTimeMilliseconds(3000), max: DateTimeOffset.FromUnixTimeMilliseconds(3000))
            .AssertWatermark(3000)
            .RunAsync();
    }
}
