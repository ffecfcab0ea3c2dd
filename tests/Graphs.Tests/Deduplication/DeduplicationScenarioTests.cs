using Sluice.Graphs.Deduplication;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sources;
using Sluice.TestKit.Queries;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests.Deduplication;

/// <summary>Spark's scenarios for deduplication, end to end through the query engine and its TestKit.</summary>
public sealed class DeduplicationScenarioTests(ITestOutputHelper output)
{
    private static DateTimeOffset Sec(long seconds) => DateTimeOffset.FromUnixTimeMilliseconds(seconds * 1000);

    [Fact]
    public Task Dedup_with_watermark_forgets_entries_and_drops_late_rows()
    {
        // Spark's StreamingDeduplicationSuite "deduplicate with watermark".
        var input = new MemorySource<long>();
        var stream = DataStream.From(input).WithTimestamps(Sec).WithWatermark(TimeSpan.FromSeconds(10))
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
}
