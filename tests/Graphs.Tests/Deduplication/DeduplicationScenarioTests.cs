using Sluice.Graphs.Deduplication;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Tests.StatefulFunctions;
using Sluice.TestKit.Queries;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests.Deduplication;

/// <summary>Spark's scenarios for deduplication, end to end through the query engine and its TestKit.</summary>
public sealed class DeduplicationScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public Task Dedup_with_watermark_forgets_entries_and_drops_late_rows()
    {
        // Spark's StreamingDeduplicationSuite "deduplicate with watermark".
        var input = new MemorySource<long>();
        var stream = DataStream.From(input).WithTimestamps(SparkStateFunctions.Sec).WithWatermark(TimeSpan.FromSeconds(10))
            .DropDuplicates(v => v, includeEventTime: true);
        return new QueryTest<long>(stream, OutputMode.Append, output)
            .AddData(input, [.. Enumerable.Range(1, 5).SelectMany(_ => Enumerable.Range(10, 6)).Select(v => (long)v)])
            .CheckAnswer(10, 11, 12, 13, 14, 15)
            .AssertStateRows("dedupe", 6)
            .AddData(input, 25)
            .CheckNewAnswer(25)
            .AssertStateRows("dedupe", 1)
            .AddData(input, 10)
            .CheckNewAnswer()
            .AssertRowsDroppedByWatermark("dedupe", 1)
            .AddData(input, 45)
            .CheckNewAnswer(45)
            .AssertStateRows("dedupe", 1)
            .RunAsync();
    }

    [Fact]
    public Task Dedup_within_watermark_forgets_a_key_once_its_first_time_plus_delay_is_below_the_watermark()
    {
        var input = new MemorySource<(string Id, long Time)>();
        var stream = DataStream.From(input).WithTimestamps(r => SparkStateFunctions.Sec(r.Time)).WithWatermark(TimeSpan.FromSeconds(10))
            .DropDuplicatesWithinWatermark(r => r.Id);
        return new QueryTest<(string, long)>(stream, OutputMode.Append, output)
            .AddData(input, ("a", 10), ("a", 12), ("b", 11))
            .CheckNewAnswer(("a", 10), ("b", 11))
            .AddData(input, ("c", 30))         // watermark 20 s: a (expires at 20 s) goes, b (21 s) stays
            .CheckNewAnswer(("c", 30))
            .AssertStateRows("dedupeWithinWatermark", 2)
            .AddData(input, ("a", 25), ("b", 24), ("x", 19))
            .CheckNewAnswer(("a", 25))
            .AssertRowsDroppedByWatermark("dedupeWithinWatermark", 1)
            .RunAsync();
    }

    [Fact]
    public Task Dedup_within_watermark_is_refused_without_a_watermark()
    {
        var input = new MemorySource<string>();
        return new QueryTest<string>(DataStream.From(input).DropDuplicatesWithinWatermark(v => v), OutputMode.Append, output)
            .ExpectStartRefused("needs a watermark")
            .RunAsync();
    }
}
