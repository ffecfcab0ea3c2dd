using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sources;
using Sluice.TestKit.Queries;
using Xunit.Abstractions;

namespace Sluice.Graphs.Tests.Queries;

public sealed class QueryBasicsTests(ITestOutputHelper output)
{
    private static DataStream<(string Key, long Count)> WordCount(MemorySource<string> words) =>
        DataStream.From(words)
            .SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Stateful(w => w, new CountPerKey<string>());

    [Fact]
    public Task Update_mode_emits_the_counts_changed_in_each_batch()
    {
        var words = new MemorySource<string>();
        return new QueryTest<(string, long)>(WordCount(words), OutputMode.Update, output)
            .AddData(words, "a b a")
            .CheckNewAnswer(("a", 2L), ("b", 1L))
            .AddData(words, "b c")
            .CheckNewAnswer(("b", 2L), ("c", 1L))
            .CheckAnswer(("a", 2L), ("b", 1L), ("b", 2L), ("c", 1L))
            .AssertStateRows("count", 3)
            .RunAsync();
    }

    [Fact]
    public Task Complete_mode_emits_the_whole_table_every_batch()
    {
        var words = new MemorySource<string>();
        return new QueryTest<(string, long)>(WordCount(words), OutputMode.Complete, output)
            .AddData(words, "a b a")
            .CheckLastBatch(("a", 2L), ("b", 1L))
            .AddData(words, "c")
            .CheckLastBatch(("a", 2L), ("b", 1L), ("c", 1L))
            .CheckAnswer(("a", 2L), ("b", 1L), ("c", 1L))
            .RunAsync();
    }

    [Fact]
    public Task Stateless_operators_select_filter_and_expand_rows()
    {
        var numbers = new MemorySource<int>();
        var stream = DataStream.From(numbers).Where(n => n % 2 == 1).SelectMany(n => new[] { n, n * 10 }).Select(n => n + 1);
        return new QueryTest<int>(stream, OutputMode.Append, output)
            .AddData(numbers, 1, 2, 3)
            .CheckNewAnswer(2, 11, 4, 31)
            .AddData(numbers, 4)
            .CheckNewAnswer()
            .RunAsync();
    }

    [Fact]
    public Task Restarted_query_resumes_at_the_next_epoch_with_its_state()
    {
        var words = new MemorySource<string>();
        var test = new QueryTest<(string, long)>(WordCount(words), OutputMode.Update, output);
        Guid firstId = default, firstRun = default;
        return test
            .AddData(words, "a b")
            .CheckNewAnswer(("a", 1L), ("b", 1L))
            .Assert(q => (firstId, firstRun) = (q.Id, q.RunId), "remember the ids")
            .StopQuery()
            .AddData(words, "a")
            .StartQuery()
            .CheckNewAnswer(("a", 2L))
            .Assert(q =>
            {
                Assert.Equal(firstId, q.Id);
                Assert.NotEqual(firstRun, q.RunId);
                Assert.Equal(1, q.LastProgress!.BatchId);
            }, "same id, new run id, batch 1")
            .CheckAnswer(("a", 1L), ("b", 1L), ("a", 2L))
            .RunAsync();
    }
}
