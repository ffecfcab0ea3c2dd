using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Graphs.IO;
using Sluice.Graphs.IO.Csv;
using Sluice.Graphs.IO.Files;

namespace Sluice.Graphs.Tests.IO.Files;

public sealed class RollingFileWriterTests : IDisposable
{
    public sealed record Order(string Id, int Amount);

    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _clock = new();

    public void Dispose() => _dir.Dispose();

    private string[] Names() => Directory.GetFiles(_dir.Path).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task A_part_is_hidden_while_written_and_appears_under_its_final_name_only_when_closed()
    {
        await using var writer = new RollingFileWriter<Order>(_dir.Path, new FileSinkSettings(FileFormat.JsonLines), _clock);
        await writer.WriteAsync(new Order("a", 1));
        await writer.WriteAsync(new Order("b", 2));
        Assert.Equal([".part-00001.jsonl.inprogress"], Names());

        var final = await writer.RollAsync();
        Assert.Matches(new Regex(@"^part-00001-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.jsonl$"), Path.GetFileName(final));
        Assert.Equal([Path.GetFileName(final!)], Names());
        Assert.Equal(["{\"Id\":\"a\",\"Amount\":1}", "{\"Id\":\"b\",\"Amount\":2}"], await File.ReadAllLinesAsync(final!));
        Assert.Null(await writer.RollAsync());
    }

    [Fact]
    public async Task Parts_roll_by_size_without_exceeding_it_and_keep_every_record_in_order()
    {
        var settings = new FileSinkSettings(FileFormat.Text) { MaxPartBytes = 10 };
        await using (var writer = new RollingFileWriter<string>(_dir.Path, settings, _clock))
        {
            foreach (var word in new[] { "aaaa", "bbbb", "cccc", "a-word-longer-than-ten", "d" })
            {
                await writer.WriteAsync(word);
            }
        }

        var parts = Directory.GetFiles(_dir.Path).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["aaaa\nbbbb\n", "cccc\n", "a-word-longer-than-ten\n", "d\n"], parts.Select(File.ReadAllText));
        Assert.Equal(["part-00001-", "part-00002-", "part-00003-", "part-00004-"], parts.Select(p => Path.GetFileName(p)[..11]));
    }

    [Fact]
    public async Task Parts_roll_by_age_on_the_given_clock()
    {
        var settings = new FileSinkSettings(FileFormat.Text) { MaxPartAge = TimeSpan.FromSeconds(10) };
        await using var writer = new RollingFileWriter<string>(_dir.Path, settings, _clock);
        await writer.WriteAsync("first");
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Null(await writer.RollIfDueAsync());
        await writer.WriteAsync("second");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(await writer.RollIfDueAsync());
        await writer.WriteAsync("third");
        _clock.Advance(TimeSpan.FromSeconds(10));
        await writer.WriteAsync("fourth"); // the due part closes before this record
        Assert.Equal(2, writer.CommittedParts.Count);
        Assert.Equal("first\nsecond\n", await File.ReadAllTextAsync(writer.CommittedParts[0]));
        Assert.Equal("third\n", await File.ReadAllTextAsync(writer.CommittedParts[1]));
    }

    [Fact]
    public async Task Csv_parts_each_start_with_the_header_and_read_back_exactly()
    {
        string[][] rows = [["1", "plain"], ["2", "with, comma"], ["3", "with \"quotes\"\r\nand a line break"], ["4", ""]];
        var settings = new FileSinkSettings(FileFormat.Csv) { CsvHeader = ["id", "text"], MaxPartBytes = 40 };
        await using (var writer = new RollingFileWriter<string[]>(_dir.Path, settings, _clock))
        {
            foreach (var row in rows)
            {
                await writer.WriteAsync(row);
            }
        }

        var read = new List<IReadOnlyList<string>>();
        foreach (var part in Directory.GetFiles(_dir.Path).Order(StringComparer.Ordinal))
        {
            Assert.StartsWith("id,text\n", await File.ReadAllTextAsync(part), StringComparison.Ordinal);
            await using var reader = new CsvReader(File.OpenRead(part));
            while (await reader.ReadAsync() is { } record)
            {
                Assert.True(record.IsValid, record.Error);
                read.Add(record.Value!.Fields);
            }
        }

        Assert.True(Directory.GetFiles(_dir.Path).Length > 1);
        Assert.Equal(rows, read);
    }

    [Fact]
    public async Task Objects_are_written_as_csv_columns_named_by_their_json_contract()
    {
        var settings = new FileSinkSettings(FileFormat.Csv) { Json = new JsonSerializerOptions(JsonSerializerDefaults.Web) };
        await using (var writer = new RollingFileWriter<Order>(_dir.Path, settings, _clock))
        {
            await writer.WriteAsync(new Order("a,1", 10));
        }

        Assert.Equal("id,amount\n\"a,1\",10\n", await File.ReadAllTextAsync(Directory.GetFiles(_dir.Path).Single()));
    }

    [Fact]
    public async Task Part_numbers_continue_after_the_parts_already_in_the_directory()
    {
        await File.WriteAllTextAsync(_dir.File("part-00007-old.txt"), "x\n");
        await using var writer = new RollingFileWriter<string>(_dir.Path, new FileSinkSettings(FileFormat.Text), _clock);
        await writer.WriteAsync("y");
        Assert.StartsWith("part-00008-", Path.GetFileName(await writer.RollAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_that_cannot_be_created_fails_with_a_sink_exception_naming_the_path()
    {
        var file = _dir.File("not-a-directory");
        await File.WriteAllTextAsync(file, "");
        var target = Path.Combine(file, "out");
        await using var writer = new RollingFileWriter<string>(target, new FileSinkSettings(FileFormat.Text), _clock);
        var error = await Assert.ThrowsAsync<SinkException>(async () => await writer.WriteAsync("x"));
        Assert.StartsWith($"File sink could not create a part file '{target}': ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"Check that '{target}' is a writable directory (not a file) with free space.", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(error);
    }

    [Fact]
    public async Task A_file_source_watching_the_directory_sees_a_part_only_once_it_is_closed()
    {
        await using var writer = new RollingFileWriter<Order>(_dir.Path, new FileSinkSettings(FileFormat.JsonLines), _clock);
        await using var source = new FileDirectoryReader<Order>(new FileSourceSettings(_dir.Path, FileFormat.JsonLines) { SettleTime = TimeSpan.Zero }, _clock);
        await writer.WriteAsync(new Order("a", 1));
        Assert.Empty(await source.ScanAsync());
        await writer.RollAsync();
        Assert.Single(await source.ScanAsync());
        Assert.Equal(new Order("a", 1), (await source.ReadNextAsync())!.Value.Value);
    }
}
