using Sluice.Actors.Scheduling;
using Sluice.Graphs.IO.Files;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Sources;
using Sluice.Graphs.Tests.IO;

namespace Sluice.Graphs.Tests.Checkpoints;

/// <summary>Sources whose offsets stand for richer positions keep them in the checkpoint: the same offsets mean the same rows after a restart.</summary>
public sealed class SourceLogTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<List<string>> RunFilesOnceAsync(string input)
    {
        var sink = new MemorySink<string>();
        var query = await DataStream.Files<string>(input, FileFormat.Text).WriteStream().CheckpointLocation(_temp.File("checkpoint"))
            .Manager(new StreamingQueryManager()).StartAsync(sink).WaitAsync(Wait);
        await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        await query.StopAsync().WaitAsync(Wait);
        return [.. sink.Rows];
    }

    [Fact]
    public async Task A_restarted_file_source_takes_a_file_that_appeared_with_an_older_time_and_no_file_twice()
    {
        var input = _temp.File("input");
        Directory.CreateDirectory(input);
        await File.WriteAllTextAsync(Path.Combine(input, "b.txt"), "b1\nb2\n");
        await File.WriteAllTextAsync(Path.Combine(input, "c.txt"), "c1\n");
        File.SetLastWriteTimeUtc(Path.Combine(input, "b.txt"), T0.UtcDateTime.AddMinutes(1));
        File.SetLastWriteTimeUtc(Path.Combine(input, "c.txt"), T0.UtcDateTime.AddMinutes(2));
        Assert.Equal(["b1", "b2", "c1"], await RunFilesOnceAsync(input));

        // Moved in late with an old modification time: it sorts first, but offset 2 still means "b and c were taken".
        await File.WriteAllTextAsync(Path.Combine(input, "a.txt"), "a1\n");
        File.SetLastWriteTimeUtc(Path.Combine(input, "a.txt"), T0.UtcDateTime);
        Assert.Equal(["a1"], await RunFilesOnceAsync(input));
        Assert.Empty(await RunFilesOnceAsync(input));
    }

    [Fact]
    public async Task The_offset_and_commit_logs_keep_only_the_retained_batches()
    {
        var input = new MemorySource<int>();
        var sink = new MemorySink<int>();
        var checkpoint = _temp.File("retention");
        var query = await DataStream.From(input).WriteStream().CheckpointLocation(checkpoint).Manager(new StreamingQueryManager()).StartAsync(sink).WaitAsync(Wait);
        for (var i = 0; i < SqliteCheckpointStore.RetainedBatches + 20; i++)
        {
            input.AddData(i);
            await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        }

        await query.StopAsync().WaitAsync(Wait);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(checkpoint, SqliteCheckpointStore.FileName)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT min(batch_id) FROM offsets) || ' ' || (SELECT count(*) FROM offsets) || ' ' || (SELECT min(batch_id) FROM commits) || ' ' || (SELECT count(*) FROM commits);";
        Assert.Equal("19 101 19 101", command.ExecuteScalar());
        Assert.Equal(Enumerable.Range(0, 120), sink.Rows);
    }

    [Fact]
    public async Task A_second_query_on_a_checkpoint_directory_in_use_is_refused_until_the_first_stops()
    {
        var checkpoint = _temp.File("shared");
        var first = await DataStream.From(new MemorySource<int>()).WriteStream().CheckpointLocation(checkpoint).Manager(new StreamingQueryManager())
            .StartAsync(new MemorySink<int>()).WaitAsync(Wait);
        var second = DataStream.From(new MemorySource<int>()).WriteStream().CheckpointLocation(checkpoint).Manager(new StreamingQueryManager());
        var error = await Assert.ThrowsAsync<StreamingQueryException>(() => second.StartAsync(new MemorySink<int>()).WaitAsync(Wait));
        Assert.Contains("is in use by another running query", error.Message, StringComparison.Ordinal);

        await first.StopAsync().WaitAsync(Wait);
        var again = await second.StartAsync(new MemorySink<int>()).WaitAsync(Wait);
        Assert.Equal(first.Id, again.Id);
        await again.StopAsync().WaitAsync(Wait);
    }

    private async Task<List<RateRow>> RunRateAsync(DateTimeOffset start, TimeSpan runFor)
    {
        var clock = new VirtualTimeProvider(start);
        var sink = new MemorySink<RateRow>();
        var query = await DataStream.Rate(10).WriteStream().CheckpointLocation(_temp.File("rate")).Clock(clock)
            .Manager(new StreamingQueryManager()).StartAsync(sink).WaitAsync(Wait);
        clock.Advance(runFor);
        await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        await query.StopAsync().WaitAsync(Wait);
        return [.. sink.Rows];
    }

    [Fact]
    public async Task A_restarted_rate_source_keeps_its_origin_time_and_continues_its_row_count()
    {
        var first = await RunRateAsync(T0, TimeSpan.FromSeconds(2));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), first.Select(r => r.Value));

        // Restarted 10 s after the origin, 1 s later: rows 20..109, timed from the first start, none twice.
        var second = await RunRateAsync(T0.AddSeconds(10), TimeSpan.FromSeconds(1));
        Assert.Equal(Enumerable.Range(20, 90).Select(i => (long)i), second.Select(r => r.Value));
        Assert.Equal(T0.AddSeconds(2), second[0].Timestamp);
        Assert.Equal(T0.AddSeconds(10), second[^1].Timestamp);
    }
}
