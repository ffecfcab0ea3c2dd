using System.Text.Json;
using Sluice.Graphs.IO;
using Sluice.Graphs.IO.Csv;
using Sluice.Graphs.IO.Files;

namespace Sluice.Graphs.Tests.IO.Files;

public sealed class FileDirectoryReaderTests : IDisposable
{
    private static readonly DateTime T0 = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _clock = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, string content, int secondsAfterT0 = 0)
    {
        var path = _dir.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, T0.AddSeconds(secondsAfterT0));
        return path;
    }

    private FileSourceSettings Settings(FileFormat format) => new(_dir.Path, format) { SettleTime = TimeSpan.Zero };

    private static async Task<List<FileRecord<T>>> Drain<T>(FileDirectoryReader<T> reader)
    {
        var records = new List<FileRecord<T>>();
        while (await reader.ReadNextAsync() is { } record)
        {
            records.Add(record);
        }

        return records;
    }

    [Fact]
    public async Task Files_are_read_in_modification_time_order_with_ties_broken_by_name()
    {
        Write("c.txt", "c1\n", 1);
        Write("b.txt", "b1\nb2", 5);
        Write("a.txt", "a1\n", 1);
        await using var reader = new FileDirectoryReader<string>(Settings(FileFormat.Text), _clock);

        Assert.Equal(["a.txt", "c.txt", "b.txt"], await reader.ScanAsync());
        var records = await Drain(reader);
        Assert.Equal([("a.txt", 1L, "a1"), ("c.txt", 1L, "c1"), ("b.txt", 1L, "b1"), ("b.txt", 2L, "b2")],
            records.Select(r => (r.File, r.LineNumber, r.Value)));
    }

    [Fact]
    public async Task Latest_first_reads_the_newest_file_first()
    {
        Write("old.txt", "o", 1);
        Write("new.txt", "n", 2);
        await using var reader = new FileDirectoryReader<string>(Settings(FileFormat.Text) with { LatestFirst = true }, _clock);
        Assert.Equal(["new.txt", "old.txt"], await reader.ScanAsync());
    }

    [Fact]
    public async Task Hidden_temporary_and_unmatched_files_are_ignored_and_double_star_reaches_subdirectories()
    {
        foreach (var name in new[] { "a.txt", "sub/deep/b.txt", ".hidden.txt", "_SUCCESS.txt", "c.txt.tmp", "d.txt._COPYING_", "_temp/e.txt", ".git/f.txt", "g.csv" })
        {
            Write(name, "x");
        }

        await using var flat = new FileDirectoryReader<string>(Settings(FileFormat.Text) with { Glob = "*.txt" }, _clock);
        Assert.Equal(["a.txt"], await flat.ScanAsync());
        await using var deep = new FileDirectoryReader<string>(Settings(FileFormat.Text) with { Glob = "**/*.txt" }, _clock);
        Assert.Equal(["a.txt", "sub/deep/b.txt"], await deep.ScanAsync());
    }

    [Fact]
    public async Task A_file_is_read_once_and_later_files_are_found_by_later_scans()
    {
        Write("1.txt", "one", 1);
        await using var reader = new FileDirectoryReader<string>(Settings(FileFormat.Text), _clock);
        Assert.Equal(["1.txt"], await reader.ScanAsync());
        Assert.Single(await Drain(reader));
        Assert.Empty(await reader.ScanAsync());
        Write("2.txt", "two", 2);
        Assert.Equal(["2.txt"], await reader.ScanAsync());
        Assert.Equal(["two"], (await Drain(reader)).Select(r => r.Value));
        Assert.Equal(new FileSourceOffset(["1.txt", "2.txt"], null, 0), reader.Offset);
    }

    [Fact]
    public async Task Max_files_per_trigger_limits_each_scan_and_defers_the_rest_in_order()
    {
        for (var i = 1; i <= 5; i++)
        {
            Write($"f{i}.txt", "x", i);
        }

        await using var reader = new FileDirectoryReader<string>(Settings(FileFormat.Text) with { MaxFilesPerTrigger = 2 }, _clock);
        Assert.Equal(["f1.txt", "f2.txt"], await reader.ScanAsync());
        Assert.Equal(["f3.txt", "f4.txt"], await reader.ScanAsync());
        Assert.Equal(["f5.txt"], await reader.ScanAsync());
        Assert.Empty(await reader.ScanAsync());
    }

    [Fact]
    public async Task A_file_still_being_written_is_read_only_after_it_stays_unchanged_for_the_settle_time()
    {
        var settings = Settings(FileFormat.Text) with { SettleTime = TimeSpan.FromSeconds(2) };
        await using var reader = new FileDirectoryReader<string>(settings, _clock);
        var path = Write("growing.txt", "line 1\n", 1);

        Assert.Empty(await reader.ScanAsync()); // first sight
        _clock.Advance(TimeSpan.FromSeconds(1));
        await File.AppendAllTextAsync(path, "line 2\n");
        Assert.Empty(await reader.ScanAsync()); // changed: the settle time starts again
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Empty(await reader.ScanAsync()); // unchanged, but only for 1.5 s
        Assert.Null(await reader.ReadNextAsync());
        _clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(["growing.txt"], await reader.ScanAsync());
        Assert.Equal(["line 1", "line 2"], (await Drain(reader)).Select(r => r.Value));
    }

    [Fact]
    public async Task A_malformed_row_under_the_fail_policy_fails_naming_file_line_and_reason()
    {
        Write("orders-3.csv", "id,amount\n1,10\n2,\"20\n");
        await using var reader = new FileDirectoryReader<CsvRow>(Settings(FileFormat.Csv), _clock);
        await reader.ScanAsync();
        Assert.Equal("10", (await reader.ReadNextAsync())!.Value.Value["amount"]);
        var error = await Assert.ThrowsAsync<SourceException>(async () => await reader.ReadNextAsync());
        Assert.StartsWith("orders-3.csv:3: unterminated quoted field", error.Message, StringComparison.Ordinal);
        Assert.Contains("BadRecords = Skip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_rows_under_the_skip_policy_are_counted_and_written_to_the_bad_records_file()
    {
        Write("orders.csv", "id,amount\n1,10\n2\n3,30\n4,\"x\"y\n");
        var badRecords = Path.Combine(_dir.Path, "_errors", "bad.jsonl");
        var settings = Settings(FileFormat.Csv) with { BadRecords = BadRecordPolicy.Skip, BadRecordsPath = badRecords };
        await using (var reader = new FileDirectoryReader<string[]>(settings, _clock))
        {
            await reader.ScanAsync();
            var records = await Drain(reader);
            Assert.Equal([["1", "10"], ["3", "30"]], records.Select(r => r.Value));
            Assert.Equal(2, reader.SkippedRecords);
        }

        var lines = await File.ReadAllLinesAsync(badRecords);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("orders.csv", first.RootElement.GetProperty("file").GetString());
        Assert.Equal(3, first.RootElement.GetProperty("line").GetInt64());
        Assert.Equal("2", first.RootElement.GetProperty("record").GetString());
        Assert.Equal("expected 2 fields (as in the header) but found 1", first.RootElement.GetProperty("reason").GetString());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal((5L, "4,\"x\"y"), (second.RootElement.GetProperty("line").GetInt64(), second.RootElement.GetProperty("record").GetString()));
    }

    [Fact]
    public async Task A_reader_started_from_a_serialized_offset_skips_completed_files_and_consumed_records()
    {
        Write("a.jsonl", "{\"n\":1}\n", 1);
        Write("b.jsonl", "{\"n\":2}\n\n{\"n\":3}\n{\"n\":4}\n", 2);
        Write("c.jsonl", "{\"n\":5}\n", 3);
        string checkpoint;
        await using (var first = new FileDirectoryReader<JsonElement>(Settings(FileFormat.JsonLines), _clock))
        {
            await first.ScanAsync();
            for (var i = 0; i < 3; i++)
            {
                await first.ReadNextAsync();
            }

            Assert.Equal(new FileSourceOffset(["a.jsonl"], "b.jsonl", 2), first.Offset);
            checkpoint = first.Offset.ToJson();
        }

        Assert.Equal("{\"completed\":[\"a.jsonl\"],\"current\":\"b.jsonl\",\"records\":2}", checkpoint);
        await using var resumed = new FileDirectoryReader<JsonElement>(Settings(FileFormat.JsonLines), _clock, FileSourceOffset.FromJson(checkpoint));
        Assert.Equal(["c.jsonl"], await resumed.ScanAsync());
        var rest = await Drain(resumed);
        Assert.Equal([("b.jsonl", 4L, 4), ("c.jsonl", 1L, 5)], rest.Select(r => (r.File, r.LineNumber, r.Value.GetProperty("n").GetInt32())));
    }

    [Fact]
    public async Task A_missing_directory_is_an_error_naming_it_and_the_fix()
    {
        var missing = Path.Combine(_dir.Path, "nope");
        await using var reader = new FileDirectoryReader<string>(new FileSourceSettings(missing, FileFormat.Text), _clock);
        var error = await Assert.ThrowsAsync<SourceException>(async () => await reader.ScanAsync());
        Assert.Equal($"File source directory '{missing}' does not exist. Create it (mkdir -p {missing}) before starting the query, or fix FileSourceSettings.Directory.", error.Message);
    }

    [Fact]
    public void A_record_type_the_format_cannot_produce_is_refused_when_built()
    {
        var error = Assert.Throws<ArgumentException>(() => new FileDirectoryReader<int>(Settings(FileFormat.Csv), _clock));
        Assert.StartsWith("A Csv file source produces CsvRow, IReadOnlyDictionary<string, string> or string[], not System.Int32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_offset_that_is_not_json_of_an_offset_is_a_format_error() =>
        Assert.Throws<FormatException>(() => FileSourceOffset.FromJson("{\"x\":1}"));
}
