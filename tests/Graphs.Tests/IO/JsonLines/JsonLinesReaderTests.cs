using System.Text;
using System.Text.Json;
using Sluice.Graphs.IO;
using Sluice.Graphs.IO.JsonLines;

namespace Sluice.Graphs.Tests.IO.JsonLines;

public class JsonLinesReaderTests
{
    public sealed record Order(string Id, int Amount);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static Task<List<ParsedRecord<T>>> ReadAll<T>(string text, JsonSerializerOptions? options = null) =>
        new JsonLinesReader<T>(new MemoryStream(Encoding.UTF8.GetBytes(text)), options).ReadAllAndDispose();

    [Fact]
    public async Task Each_line_becomes_a_typed_record_and_blank_lines_are_skipped()
    {
        var records = await ReadAll<Order>("{\"id\":\"a\",\"amount\":1}\r\n\n   \n{\"id\":\"b\",\"amount\":2}", Web);
        Assert.Equal([(1L, new Order("a", 1)), (4L, new Order("b", 2))], records.Select(r => (r.LineNumber, r.Value!)));
    }

    [Fact]
    public async Task Untyped_lines_become_json_elements()
    {
        var records = await ReadAll<JsonElement>("{\"x\":[1,2]}\n");
        Assert.Equal(2, records.Single().Value.GetProperty("x")[1].GetInt32());
    }

    [Fact]
    public async Task Malformed_lines_are_error_records_with_line_and_raw_text_and_reading_goes_on()
    {
        var records = await ReadAll<JsonElement>("{\"a\":1}\n{\"a\":\n42\n{\"a\":1} {\"b\":2}\n{\"a\":3}\n");
        Assert.Equal([true, false, false, false, true], records.Select(r => r.IsValid));
        Assert.Equal((2L, "{\"a\":"), (records[1].LineNumber, records[1].RawText));
        Assert.StartsWith("malformed JSON", records[1].Error, StringComparison.Ordinal);
        Assert.Equal("expected a JSON object on the line", records[2].Error);
        Assert.NotNull(records[3].Error);
        Assert.Equal(3, records[4].Value.GetProperty("a").GetInt32());
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_for_T_is_an_error_record()
    {
        var records = await ReadAll<Order>("{\"id\":\"a\",\"amount\":\"lots\"}\n", Web);
        Assert.StartsWith("malformed JSON", records.Single().Error, StringComparison.Ordinal);
    }
}
