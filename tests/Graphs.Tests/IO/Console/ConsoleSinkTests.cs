using Sluice.Graphs.Dsl;
using Sluice.Graphs.IO.Console;

namespace Sluice.Graphs.Tests.IO.Console;

public sealed class ConsoleSinkTests : IDisposable
{
    public sealed record WordCount(string Word, long Count);

    private readonly Materializer _mat = Materializer.Create();

    public void Dispose() => _mat.Dispose();

    [Fact]
    public async Task Console_sink_prints_one_numbered_table_per_batch()
    {
        var output = new StringWriter();
        await Source.From(["cat", "dog", "owl"]).Grouped(2).RunWith(Sink.Console<string>(output: output), _mat);
        Assert.Equal(
            """
            -------------------------------------------
            Batch: 0
            -------------------------------------------
            +-----+
            |value|
            +-----+
            |  cat|
            |  dog|
            +-----+

            -------------------------------------------
            Batch: 1
            -------------------------------------------
            +-----+
            |value|
            +-----+
            |  owl|
            +-----+


            """.ReplaceLineEndings("\n"), output.ToString());
    }

    [Fact]
    public async Task Objects_show_their_properties_and_tuples_numbered_columns()
    {
        var output = new StringWriter();
        await Source.Single<IReadOnlyList<WordCount>>([new WordCount("cat", 2)]).RunWith(Sink.Console<WordCount>(new ConsoleSinkSettings { Truncate = false }, output), _mat);
        Assert.Contains("|Word|Count|\n+----+-----+\n|cat |2    |\n", output.ToString(), StringComparison.Ordinal);

        output = new StringWriter();
        await Source.Single<IReadOnlyList<(string, int)>>([("a", 1)]).RunWith(Sink.Console<(string, int)>(output: output), _mat);
        Assert.Contains("| _1| _2|\n+---+---+\n|  a|  1|\n", output.ToString(), StringComparison.Ordinal);
    }
}
