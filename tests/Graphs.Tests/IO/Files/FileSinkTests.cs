using Sluice.Graphs.Dsl;
using Sluice.Graphs.IO;
using Sluice.Graphs.IO.Files;

namespace Sluice.Graphs.Tests.IO.Files;

public sealed class FileSinkTests : IDisposable
{
    public sealed record Order(string Id, int Amount);

    private readonly TempDirectory _dir = new();
    private readonly Materializer _mat = Materializer.Create();

    public void Dispose()
    {
        _mat.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task File_sink_writes_rolling_parts_and_completes_with_their_final_paths()
    {
        var orders = Enumerable.Range(1, 5).Select(i => new Order("o" + i, i * 10)).ToList();
        var settings = new FileSinkSettings(FileFormat.Csv) { MaxPartBytes = 30 };
        var parts = await Source.From(orders).RunWith(Sink.Files<Order>(_dir.Path, settings), _mat);

        Assert.True(parts.Count > 1);
        Assert.Equal(parts.Order(StringComparer.Ordinal), Directory.GetFiles(_dir.Path).Order(StringComparer.Ordinal));
        var rows = new List<string>();
        foreach (var part in parts)
        {
            var lines = await File.ReadAllLinesAsync(part);
            Assert.Equal("Id,Amount", lines[0]);
            rows.AddRange(lines.Skip(1));
        }

        Assert.Equal(orders.Select(o => $"{o.Id},{o.Amount}"), rows);
    }

    [Fact]
    public async Task A_sink_that_cannot_write_fails_naming_the_stage_and_the_path()
    {
        var file = _dir.File("a-file");
        await File.WriteAllTextAsync(file, "");
        var target = Path.Combine(file, "out"); // its parent is a regular file: no one can create it, not even root

        var error = await Assert.ThrowsAsync<StreamStageException>(() =>
            Source.From(["x"]).RunWith(Sink.Files<string>(target, new FileSinkSettings(FileFormat.Text)), _mat));
        Assert.Equal("file-sink", error.StageName);
        Assert.StartsWith($"Stage 'file-sink' failed: File sink could not create a part file '{target}'", error.Message, StringComparison.Ordinal);
        Assert.IsType<SinkException>(error.InnerException);
    }

    [Fact]
    public async Task A_failed_stream_leaves_its_open_part_unpublished()
    {
        var source = Source.From(Enumerable.Range(1, 3)).Select(i => i == 3 ? throw new InvalidOperationException("boom") : i);
        await Assert.ThrowsAsync<StreamStageException>(() => source.RunWith(Sink.Files<int>(_dir.Path, new FileSinkSettings(FileFormat.Text)), _mat));
        Assert.DoesNotContain(Directory.GetFiles(_dir.Path), p => Path.GetFileName(p).StartsWith("part-", StringComparison.Ordinal));
    }
}
