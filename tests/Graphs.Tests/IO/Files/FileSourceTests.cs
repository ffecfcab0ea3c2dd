using Sluice.Graphs.Dsl;
using Sluice.Graphs.IO.Csv;
using Sluice.Graphs.IO.Files;
using Sluice.TestKit.Streams;

namespace Sluice.Graphs.Tests.IO.Files;

public sealed class FileSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly Materializer _mat;

    public FileSourceTests() => _mat = Materializer.Create(new MaterializerSettings { TimeProvider = _clock });

    public void Dispose()
    {
        _mat.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Files_appearing_while_the_source_runs_are_read_once_complete_and_a_file_being_written_waits_to_settle()
    {
        var settings = new FileSourceSettings(_dir.Path, FileFormat.Text) { SettleTime = TimeSpan.FromSeconds(1), PollInterval = TimeSpan.FromMilliseconds(100) };
        await File.WriteAllTextAsync(_dir.File("a.txt"), "a1\na2\n");
        var (offsets, probe) = Source.Files<string>(settings).ToMaterialized(TestSink.Probe<string>(), Keep.Both).Run(_mat);
        probe.ExpectSubscription().Request(100);

        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(1)); // a.txt seen by the first scan, settled now
        probe.ExpectNext("a1", "a2");

        var b = _dir.File("b.txt");
        await File.WriteAllTextAsync(b, "b1\n"); // a writer has started b.txt...
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromMilliseconds(600)); // first sight of b
        await _clock.WaitForPendingTimerAsync();
        await File.AppendAllTextAsync(b, "b2\n"); // ...and is still writing
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromMilliseconds(600)); // changed: settle starts again
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromMilliseconds(600)); // unchanged for only 0.6 s
        await _clock.WaitForPendingTimerAsync();
        probe.ExpectNoMessage(TimeSpan.FromMilliseconds(50));
        await _clock.AdvanceWhenWaitingAsync(TimeSpan.FromMilliseconds(600)); // unchanged for 1.2 s: read it, whole
        probe.ExpectNext("b1", "b2");

        await _clock.WaitForPendingTimerAsync();
        Assert.Equal(new FileSourceOffset(["a.txt", "b.txt"], null, 0), await offsets.GetOffsetAsync());
        probe.Cancel();
    }

    [Fact]
    public void A_malformed_row_under_the_fail_policy_fails_the_stream_naming_stage_file_and_line()
    {
        File.WriteAllText(_dir.File("orders-3.csv"), "id,amount\n1,10\n2,\"20\n");
        var settings = new FileSourceSettings(_dir.Path, FileFormat.Csv) { SettleTime = TimeSpan.Zero };
        var probe = Source.Files<string[]>(settings).RunWith(TestSink.Probe<string[]>(), _mat);
        probe.ExpectSubscription().Request(10);
        Assert.Equal(["1", "10"], probe.ExpectNext());
        var error = Assert.IsType<StreamStageException>(probe.ExpectError());
        Assert.StartsWith("Stage 'file-source' failed: orders-3.csv:3: unterminated quoted field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_rows_under_the_skip_policy_are_skipped_and_logged_while_the_stream_goes_on()
    {
        File.WriteAllText(_dir.File("orders.csv"), "id,amount\n1,10\n2\n3,30\n");
        var badRecords = _dir.File("_bad/records.jsonl");
        var settings = new FileSourceSettings(_dir.Path, FileFormat.Csv) { SettleTime = TimeSpan.Zero, BadRecords = BadRecordPolicy.Skip, BadRecordsPath = badRecords };
        var probe = Source.Files<CsvRow>(settings).RunWith(TestSink.Probe<CsvRow>(), _mat);
        probe.ExpectSubscription().Request(10);
        Assert.Equal("10", probe.ExpectNext()["amount"]);
        Assert.Equal("30", probe.ExpectNext()["amount"]);
        probe.ExpectNoMessage(TimeSpan.FromMilliseconds(50));
        probe.Cancel();
        Assert.Equal(["{\"file\":\"orders.csv\",\"line\":3,\"record\":\"2\",\"reason\":\"expected 2 fields (as in the header) but found 1\"}"],
            await File.ReadAllLinesAsync(badRecords));
    }

    [Fact]
    public async Task A_source_started_from_a_reported_offset_resumes_inside_the_partly_read_file()
    {
        File.WriteAllText(_dir.File("a.txt"), "a1\na2\na3\n");
        File.SetLastWriteTimeUtc(_dir.File("a.txt"), new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        File.WriteAllText(_dir.File("b.txt"), "b1\n");
        var settings = new FileSourceSettings(_dir.Path, FileFormat.Text) { SettleTime = TimeSpan.Zero };

        var (offsets, first) = Source.Files<string>(settings).ToMaterialized(TestSink.Probe<string>(), Keep.Both).Run(_mat);
        first.ExpectSubscription().Request(2).ExpectNext("a1", "a2");
        var offset = Assert.IsType<FileSourceOffset>(await offsets.GetOffsetAsync());
        first.Cancel();
        Assert.Equal(new FileSourceOffset([], "a.txt", 2), offset);

        var resumed = Source.Files<string>(settings, FileSourceOffset.FromJson(offset.ToString())).RunWith(TestSink.Probe<string>(), _mat);
        resumed.ExpectSubscription().Request(10).ExpectNext("a3", "b1").ExpectNoMessage(TimeSpan.FromMilliseconds(50));
        resumed.Cancel();
    }

    [Fact]
    public void A_record_type_the_format_cannot_produce_is_refused_when_the_source_is_built() =>
        Assert.Throws<ArgumentException>(() => Source.Files<int>(_dir.Path, FileFormat.Text));
}
