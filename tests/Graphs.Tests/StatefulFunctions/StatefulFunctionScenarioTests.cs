using Sluice.Graphs.StatefulFunctions;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sources;
using Sluice.TestKit.Queries;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests.StatefulFunctions;

/// <summary>Spark's scenarios for stateful functions, end to end through the query engine and its TestKit.</summary>
public sealed class StatefulFunctionScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public Task Event_time_timeout_fires_in_the_no_data_batch_after_the_watermark_passes_it()
    {
        // Spark's FlatMapGroupsWithStateSuite "streaming with event time timeout + watermark".
        var input = new MemorySource<(string Key, long Seconds)>();
        var stream = DataStream.From(input).WithTimestamps(r => SparkStateFunctions.Sec(r.Seconds)).WithWatermark(TimeSpan.FromSeconds(10))
            .FlatMapWithState<(string Key, long Seconds), string, long, (string, long)>(
                r => r.Key,
                SparkStateFunctions.MaxTimeOrExpire,
                OutputMode.Update,
                GroupStateTimeout.EventTimeTimeout);
        return new QueryTest<(string, long)>(stream, OutputMode.Update, output)
            .AddData(input, ("a", 11), ("a", 13), ("a", 15))
            .CheckNewAnswer(("a", 15))
            .AddData(input, ("a", 4))
            .CheckNewAnswer()
            .AddData(input, ("a", 10))
            .CheckNewAnswer(("a", 15))
            .AddData(input, ("b", 31))
            .CheckNewAnswer(("a", -1), ("b", 31))
            .RunAsync();
    }

    [Fact]
    public Task Processing_time_timeouts_follow_the_trigger_clock()
    {
        // Spark's FlatMapGroupsWithStateSuite "streaming with processing time timeout" (1 s trigger, 10 s timeout).
        var input = new MemorySource<string>();
        var stream = DataStream.From(input).MapWithState<string, string, int, (string, int)>(
            v => v,
            SparkStateFunctions.CountOrExpire,
            GroupStateTimeout.ProcessingTimeTimeout);
        return new QueryTest<(string, int)>(stream, OutputMode.Update, output, Trigger.ProcessingTime(TimeSpan.FromSeconds(1)))
            .AddData(input, "a")
            .AdvanceClock(TimeSpan.FromSeconds(1))
            .CheckNewAnswer(("a", 1))
            .AddData(input, "b")
            .AdvanceClock(TimeSpan.FromSeconds(1))
            .CheckNewAnswer(("b", 1))
            .AddData(input, "b")
            .AdvanceClock(TimeSpan.FromSeconds(10))
            .CheckNewAnswer(("a", -1), ("b", 2))
            .StopQuery()
            .StartQuery()
            .AddData(input, "c")
            .AdvanceClock(TimeSpan.FromSeconds(11))
            .CheckNewAnswer(("b", -1), ("c", 1))
            .RunAsync();
    }

    [Fact]
    public Task UpdateStateByKey_emits_every_key_with_state_each_batch()
    {
        var input = new MemorySource<string>();
        var stream = DataStream.From(input).UpdateStateByKey<string, string, long>(w => w, (rows, count) => (count ?? 0) + rows.Count);
        return new QueryTest<(string Key, long State)>(stream, OutputMode.Update, output)
            .AddData(input, "a", "b", "a")
            .CheckNewAnswer(("a", 2), ("b", 1))
            .AddData(input, "b")
            .CheckNewAnswer(("a", 2), ("b", 2))
            .StopQuery()
            .StartQuery()
            .AddData(input, "c")
            .CheckNewAnswer(("a", 2), ("b", 2), ("c", 1))
            .RunAsync();
    }

    [Fact]
    public Task MapWithState_is_refused_in_append_mode()
    {
        var input = new MemorySource<string>();
        var stream = DataStream.From(input).MapWithState<string, string, int, string>(v => v, (key, _, _) => key);
        return new QueryTest<string>(stream, OutputMode.Append, output)
            .ExpectStartRefused("supports only OutputMode.Update")
            .RunAsync();
    }
}
