using System.Text;
using Sluice.Graphs.IO.Text;

namespace Sluice.Graphs.Tests.IO.Text;

public class TextLineReaderTests
{
    private static async Task<List<(long Line, string Text)>> ReadAll(byte[] bytes, int chunk = 0)
    {
        Stream stream = chunk > 0 ? new TrickleStream(bytes, chunk) : new MemoryStream(bytes);
        await using var reader = new TextLineReader(stream);
        var lines = new List<(long, string)>();
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add((reader.LineNumber, line));
        }

        return lines;
    }

    [Fact]
    public async Task Lines_end_with_LF_or_CRLF_and_a_last_line_without_newline_still_counts()
    {
        var lines = await ReadAll(Encoding.UTF8.GetBytes("a\r\nb\n\nc"));
        Assert.Equal([(1L, "a"), (2L, "b"), (3L, ""), (4L, "c")], lines);
    }

    [Fact]
    public async Task A_byte_order_mark_is_skipped_and_multibyte_characters_split_across_reads_survive()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("ʤé€😀\nx\n")).ToArray();
        var lines = await ReadAll(bytes, chunk: 1);
        Assert.Equal([(1L, "ʤé€😀"), (2L, "x")], lines);
    }

    [Fact]
    public async Task Empty_input_has_no_lines_and_a_trailing_newline_adds_no_empty_line()
    {
        Assert.Empty(await ReadAll([]));
        Assert.Equal([(1L, "only")], await ReadAll("only\n"u8.ToArray()));
    }

    [Fact]
    public async Task A_first_line_shorter_than_a_byte_order_mark_is_returned_while_the_stream_stays_open()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        await pipe.Writer.WriteAsync("a\n"u8.ToArray());
        await using var reader = new TextLineReader(pipe.Reader.AsStream());
        Assert.Equal("a", await reader.ReadLineAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        await pipe.Writer.CompleteAsync();
    }

    [Fact]
    public async Task A_line_of_several_megabytes_arriving_in_small_reads_is_read_whole()
    {
        var big = new string('x', 3_000_000);
        var lines = await ReadAll(Encoding.UTF8.GetBytes("first\n" + big + "\r\nlast"), chunk: 8192);
        Assert.Equal(3, lines.Count);
        Assert.Equal(big, lines[1].Text);
        Assert.Equal((3L, "last"), lines[2]);
    }
}

/// <summary>A stream that returns at most <c>chunk</c> bytes per read, to split records across buffers.</summary>
internal sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
{
    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

    public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);
}
