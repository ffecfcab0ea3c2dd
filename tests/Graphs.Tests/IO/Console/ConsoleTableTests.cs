using Sluice.Graphs.IO.Console;

namespace Sluice.Graphs.Tests.IO.Console;

public class ConsoleTableTests
{
    private static readonly string[] WordCount = ["word", "count"];

    [Fact]
    public void A_batch_prints_like_Sparks_console_sink_with_right_aligned_cells()
    {
        var output = new StringWriter();
        ConsoleTable.WriteBatch(output, 3, WordCount, [["cat", 2L], ["elephant", 10]]);
        Assert.Equal(
            """
            -------------------------------------------
            Batch: 3
            -------------------------------------------
            +--------+-----+
            |    word|count|
            +--------+-----+
            |     cat|    2|
            |elephant|   10|
            +--------+-----+


            """.ReplaceLineEndings("\n"), output.ToString());
    }

    [Fact]
    public void Without_truncation_cells_are_whole_and_left_aligned()
    {
        var table = ConsoleTable.Render(WordCount, [["a fairly long word of text", 2]], truncate: false);
        Assert.Equal(
            """
            +--------------------------+-----+
            |word                      |count|
            +--------------------------+-----+
            |a fairly long word of text|2    |
            +--------------------------+-----+

            """.ReplaceLineEndings("\n"), table);
    }

    [Fact]
    public void Long_cells_are_cut_to_17_characters_and_dots_and_extra_rows_get_the_footer()
    {
        var table = ConsoleTable.Render(["text"], [["abcdefghijklmnopqrstuvwxyz"], ["b"]], numRows: 1);
        Assert.Equal(
            """
            +--------------------+
            |                text|
            +--------------------+
            |abcdefghijklmnopq...|
            +--------------------+
            only showing top 1 row

            """.ReplaceLineEndings("\n"), table);
        Assert.EndsWith("only showing top 20 rows\n", ConsoleTable.Render(["n"], Enumerable.Range(0, 21).Select(i => new object?[] { i }).ToList()), StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_are_at_least_three_wide_and_full_width_characters_count_twice()
    {
        var table = ConsoleTable.Render(["x", "y"], [["日本", null]]);
        Assert.Equal(
            """
            +----+----+
            |   x|   y|
            +----+----+
            |日本|null|
            +----+----+

            """.ReplaceLineEndings("\n"), table);
        Assert.Equal("+---+\n|  x|\n+---+\n+---+\n", ConsoleTable.Render(["x"], []));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.001, "0.001")]
    [InlineData(1234567.5, "1234567.5")]
    [InlineData(1e7, "1.0E7")]
    [InlineData(1.234e-5, "1.234E-5")]
    [InlineData(123456789012.0, "1.23456789012E11")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(double.NaN, "NaN")]
    public void Doubles_are_shown_as_Java_prints_them(double value, string expected) =>
        Assert.Equal(expected, ConsoleTable.Format(value));

    [Fact]
    public void Values_are_cast_to_strings_as_Spark_does()
    {
        Assert.Equal("0.1", ConsoleTable.Format(0.1f));
        Assert.Equal("true", ConsoleTable.Format(true));
        Assert.Equal("[01 AB]", ConsoleTable.Format(new byte[] { 1, 0xAB }));
        Assert.Equal("[1, null, 3]", ConsoleTable.Format(new int?[] { 1, null, 3 }));
        Assert.Equal("{a -> 1}", ConsoleTable.Format(new Dictionary<string, int> { ["a"] = 1 }));
        Assert.Equal("2024-01-02 03:04:05.5", ConsoleTable.Format(new DateTime(2024, 1, 2, 3, 4, 5, 500, DateTimeKind.Utc)));
        Assert.Equal("2024-01-02 03:04:05", ConsoleTable.Format(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        Assert.Equal("|a\\nb|", ConsoleTable.Render(["c"], [["a\nb"]]).Split('\n')[3]);
    }
}
