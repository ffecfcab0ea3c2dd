using System.Text;
using Sluice.Graphs.IO;
using Sluice.Graphs.IO.Csv;
using Sluice.Graphs.Tests.IO.Text;

namespace Sluice.Graphs.Tests.IO.Csv;

public class CsvReaderTests
{
    private static Task<List<ParsedRecord<CsvRow>>> ReadAll(string text, CsvOptions? options = null, int chunk = 0)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new CsvReader(chunk > 0 ? new TrickleStream(bytes, chunk) : new MemoryStream(bytes), options).ReadAllAndDispose();
    }

    [Fact]
    public async Task Each_record_reports_the_physical_line_it_starts_on()
    {
        var records = await ReadAll("id,text\r\n1,\"two\r\nlines\"\r\n\r\n2,plain\r\n3,\"x\"\"y\"");
        Assert.Equal([2L, 5L, 6L], records.Select(r => r.LineNumber));
        Assert.Equal(["1", "two\r\nlines"], records[0].Value!.Fields);
        Assert.Equal(["3", "x\"y"], records[2].Value!.Fields);
        Assert.Equal("x\"y", records[2].Value!["text"]);
    }

    [Fact]
    public async Task An_unterminated_quote_at_the_end_is_an_error_record_with_its_line_and_raw_text()
    {
        var records = await ReadAll("a,b\n1,2\n3,\"open\nnever closed\n", chunk: 3);
        Assert.Equal(2, records.Count);
        Assert.True(records[0].IsValid);
        Assert.Equal((3L, "unterminated quoted field", "3,\"open\nnever closed\n"), (records[1].LineNumber, records[1].Error, records[1].RawText));
    }

    [Fact]
    public async Task A_wrong_field_count_is_an_error_and_reading_continues_after_it()
    {
        var records = await ReadAll("a,b,c\n1,2\n4,5,6\n");
        Assert.Equal("expected 3 fields (as in the header) but found 2", records[0].Error);
        Assert.Equal("1,2", records[0].RawText);
        Assert.Equal(["1", "2"], records[0].Value!.Fields);
        Assert.True(records[1].IsValid);
        Assert.Equal((3L, "6"), (records[1].LineNumber, records[1].Value!["c"]));
    }

    [Fact]
    public async Task A_stray_quote_in_an_unquoted_field_is_an_error_and_does_not_swallow_later_lines()
    {
        var records = await ReadAll("a,b\n1,x\"y\n2,z\n");
        Assert.Equal(2, records.Count);
        Assert.StartsWith("quote inside an unquoted field", records[0].Error, StringComparison.Ordinal);
        Assert.Equal(2, records[0].LineNumber);
        Assert.Equal(["2", "z"], records[1].Value!.Fields);
    }

    [Fact]
    public async Task Text_after_a_closing_quote_is_an_error()
    {
        var records = await ReadAll("a,b\n\"x\"y,1\n");
        Assert.StartsWith("unexpected text after a closing quote", records.Single().Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_header_columns_get_Spark_names_and_field_counts_may_vary()
    {
        var records = await ReadAll("1,2\n3,4,5\n", new CsvOptions { HasHeader = false });
        Assert.All(records, r => Assert.True(r.IsValid));
        Assert.Equal("2", records[0].Value!["_c1"]);
        Assert.Equal("5", records[1].Value!["_c2"]);
    }

    [Fact]
    public async Task Empty_fields_quoted_or_not_and_a_trailing_delimiter_give_empty_strings()
    {
        var records = await ReadAll("a;b;c\n;\"\";\n", new CsvOptions { Delimiter = ';' });
        Assert.Equal(["", "", ""], records.Single().Value!.Fields);
    }

    [Fact]
    public async Task Random_tables_written_with_quoting_read_back_exactly_in_any_chunking()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        string[] alphabet = ["a", "b", ",", "\"", "\n", "\r\n", " ", "é", "ʤ", "😀", "0"];
        for (var round = 0; round < 30; round++)
        {
            var columns = random.Next(1, 5);
            var rows = Enumerable.Range(0, random.Next(0, 8)).Select(_ =>
                Enumerable.Range(0, columns).Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 6)).Select(_ => alphabet[random.Next(alphabet.Length)]))).ToArray()).ToList();
            var text = new StringBuilder();
            text.Append(string.Join(",", Enumerable.Range(0, columns).Select(c => "c" + c))).Append("\r\n");
            foreach (var row in rows)
            {
                text.Append(string.Join(",", row.Select(f => "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""))).Append(random.Next(2) == 0 ? "\n" : "\r\n");
            }

            var records = await ReadAll(text.ToString(), chunk: random.Next(1, 20));
            Assert.True(rows.Count == records.Count, $"seed {seed} round {round}");
            for (var i = 0; i < rows.Count; i++)
            {
                Assert.True(records[i].IsValid, $"seed {seed} round {round}: {records[i].Error}");
                Assert.Equal(rows[i], records[i].Value!.Fields);
            }
        }
    }
}
