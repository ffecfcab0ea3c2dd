using Sluice.Graphs.IO.Files;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Tests.IO;

namespace Sluice.Graphs.Tests.Queries;

public sealed class FileQuerySinkTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _dir = new();

    private string Output => _dir.File("out");

    private string Checkpoint => _dir.File("checkpoint");

    public void Dispose() => _dir.Dispose();

    private string[] Entries() =>
        [.. Directory.GetFiles(Path.Combine(Output, FileSinkManifest.DirectoryName)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private string[] Parts() =>
        [.. Directory.GetFiles(Output, "part-*.jsonl").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private async Task<string[]> Listed() => [.. (await FileSinkManifest.ListAsync(Output)).Select(f => f.Name)];

    /// <summary>Runs one epoch per array of rows (an empty array: an epoch whose rows are all filtered out).</summary>
    private static async Task RunEpochsAsync(StreamingQuery query, MemorySource<int> numbers, params int[][] epochs)
    {
        foreach (var rows in epochs)
        {
            numbers.AddData(rows.Length == 0 ? [-1] : rows);
            await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        }
    }

    private DataStreamWriter<int> Writer(MemorySource<int> numbers) =>
        DataStream.From(numbers).Where(n => n >= 0).WriteStream().CheckpointLocation(Checkpoint).Manager(new StreamingQueryManager());

    [Fact]
    public async Task Manifest_has_one_entry_per_epoch_listing_exactly_that_epochs_part_file()
    {
        var numbers = new MemorySource<int>();
        var query = await Writer(numbers).StartFilesAsync(Output);
        await RunEpochsAsync(query, numbers, [1, 2], [], [3]);
        await query.StopAsync();

        Assert.Equal(["0", "1", "2"], Entries());
        Assert.Equal(["part-00000000.jsonl", "part-00000002.jsonl"], Parts());
        var files = await FileSinkManifest.ListAsync(Output);
        Assert.Equal(
            [("part-00000000.jsonl", 4L, 0L, 0L), ("part-00000002.jsonl", 2L, 2L, 2L)],
            files.Select(f => (f.Name, f.Size, f.FirstEpoch, f.Epoch)));
        Assert.Equal(["v1", """{"name":"part-00000000.jsonl","size":4,"epoch":0}"""], await File.ReadAllLinesAsync(Path.Combine(Output, FileSinkManifest.DirectoryName, "0")));
        Assert.Equal(["v1"], await File.ReadAllLinesAsync(Path.Combine(Output, FileSinkManifest.DirectoryName, "1")));
        Assert.Equal([1, 2, 3], await FileSinkManifest.ReadRowsAsync<int>(Output));
    }

    [Fact]
    public async Task Every_compact_interval_the_entries_fold_into_a_compact_one_and_older_entries_go()
    {
        var numbers = new MemorySource<int>();
        var query = await Writer(numbers).StartFilesAsync(Output, new FileSinkOptions { CompactInterval = 3 });
        await RunEpochsAsync(query, numbers, [0], [1], [2], [3], [4], [5]);
        Assert.Equal(["2.compact", "3", "4", "5.compact"], Entries());
        await RunEpochsAsync(query, numbers, [6], [7], [8]);
        await query.StopAsync();

        // Retention: the previous compact entry and the entries after it stay for readers that listed them.
        Assert.Equal(["5.compact", "6", "7", "8.compact"], Entries());
        var compact = await File.ReadAllLinesAsync(Path.Combine(Output, FileSinkManifest.DirectoryName, "8.compact"));
        Assert.Equal(10, compact.Length);
        Assert.Equal(Enumerable.Range(0, 9).Select(e => $"part-{e:D8}.jsonl"), await Listed());
        Assert.Equal(Enumerable.Range(0, 9), await FileSinkManifest.ReadRowsAsync<int>(Output));
    }

    [Fact]
    public async Task Small_part_files_of_the_previous_compaction_are_merged_and_readers_see_each_row_once()
    {
        var numbers = new MemorySource<int>();
        var options = new FileSinkOptions { CompactInterval = 4, MergeFilesSmallerThan = 1000 };
        var query = await Writer(numbers).StartFilesAsync(Output, options);
        var live = new MemorySink<string>();
        var reader = await DataStream.Files<string>(Output, FileFormat.Text).WriteStream().Manager(new StreamingQueryManager()).StartAsync(live);

        await RunEpochsAsync(query, numbers, [0], [1], [2], [3]);
        await reader.ProcessAllAvailableAsync().WaitAsync(Wait);
        Assert.Equal(Enumerable.Range(0, 4).Select(e => $"part-{e:D8}.jsonl"), await Listed()); // nothing before the first compaction to merge

        await RunEpochsAsync(query, numbers, [4], [5, 6], [], [7]);
        await reader.ProcessAllAvailableAsync().WaitAsync(Wait);
        Assert.Equal(["part-00000000-00000003.jsonl", "part-00000004.jsonl", "part-00000005.jsonl", "part-00000007.jsonl"], await Listed());
        Assert.Equal(Enumerable.Range(0, 8), await FileSinkManifest.ReadRowsAsync<int>(Output));

        await RunEpochsAsync(query, numbers, [8], [9], [10], [11]);
        await reader.ProcessAllAvailableAsync().WaitAsync(Wait);
        await reader.StopAsync();
        await query.StopAsync();
        Assert.Equal(["part-00000000-00000007.jsonl", "part-00000008.jsonl", "part-00000009.jsonl", "part-00000010.jsonl", "part-00000011.jsonl"], await Listed());
        Assert.Equal(
            ["part-00000000-00000003.jsonl", "part-00000000-00000007.jsonl", "part-00000004.jsonl", "part-00000005.jsonl", "part-00000007.jsonl",
             "part-00000008.jsonl", "part-00000009.jsonl", "part-00000010.jsonl", "part-00000011.jsonl"],
            Parts()); // what the previous listing named stays one compaction longer; the originals of the first merge are gone
        Assert.Equal(Enumerable.Range(0, 12), await FileSinkManifest.ReadRowsAsync<int>(Output));
        Assert.Equal(Enumerable.Range(0, 12).Select(Text), live.Rows); // a reader that kept up read every row once across both merges

        var late = new MemorySink<string>();
        reader = await DataStream.Files<string>(Output, FileFormat.Text).WriteStream().Manager(new StreamingQueryManager()).StartAsync(late);
        await reader.ProcessAllAvailableAsync().WaitAsync(Wait);
        await reader.StopAsync();
        Assert.Equal(Enumerable.Range(0, 12).Select(Text), late.Rows);
    }

    private static string Text(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_crash_between_part_file_rename_and_manifest_entry_is_finished_on_restart_without_duplicates()
    {
        var numbers = new MemorySource<int>();
        var crashed = false;
        var sink = new FileQuerySink<int>(Output)
        {
            BeforeManifestWrite = epoch =>
            {
                if (epoch == 1 && !crashed)
                {
                    crashed = true;
                    throw new IOException("simulated crash after the rename of epoch 1's part file");
                }
            },
        };
        var query = await Writer(numbers).StartAsync(sink);
        numbers.AddData(1, 2);
        await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        numbers.AddData(3);
        var failure = await Assert.ThrowsAsync<StreamingQueryException>(() => query.AwaitTerminationAsync().WaitAsync(Wait));
        Assert.Contains("simulated crash", failure.Message, StringComparison.Ordinal);

        // Renamed but not recorded: on disk, yet no reader reports it.
        Assert.Equal(["part-00000000.jsonl", "part-00000001.jsonl"], Parts());
        Assert.Equal(["part-00000000.jsonl"], await Listed());
        Assert.Equal([1, 2], await FileSinkManifest.ReadRowsAsync<int>(Output));
        var early = new MemorySink<string>();
        var reader = await DataStream.Files<string>(Output, FileFormat.Text).WriteStream().Manager(new StreamingQueryManager()).StartAsync(early);
        await reader.ProcessAllAvailableAsync().WaitAsync(Wait);
        await reader.StopAsync();
        Assert.Equal(["1", "2"], early.Rows);

        query = await Writer(numbers).StartAsync(sink);
        await RunEpochsAsync(query, numbers, [4]);
        await query.StopAsync();
        Assert.Equal(["0", "1", "2"], Entries());
        Assert.Equal([1, 2, 3, 4], await FileSinkManifest.ReadRowsAsync<int>(Output));
    }

    [Fact]
    public async Task A_crash_before_a_compact_entry_that_merges_files_is_finished_on_restart_without_duplicates()
    {
        var numbers = new MemorySource<int>();
        var options = new FileSinkOptions { CompactInterval = 3, MergeFilesSmallerThan = 1000 };
        var crashed = false;
        var sink = new FileQuerySink<int>(Output, options)
        {
            BeforeManifestWrite = epoch =>
            {
                if (epoch == 5 && !crashed)
                {
                    crashed = true;
                    throw new IOException("simulated crash before the compact entry of epoch 5");
                }
            },
        };
        var query = await Writer(numbers).StartAsync(sink);
        await RunEpochsAsync(query, numbers, [0], [1], [2], [3], [4]);
        numbers.AddData(5);
        await Assert.ThrowsAsync<StreamingQueryException>(() => query.AwaitTerminationAsync().WaitAsync(Wait));
        Assert.Equal(Enumerable.Range(0, 5).Select(e => $"part-{e:D8}.jsonl"), await Listed());

        query = await Writer(numbers).StartAsync(sink);
        await RunEpochsAsync(query, numbers, [6]);
        await query.StopAsync();
        Assert.Equal(["2.compact", "3", "4", "5.compact", "6"], Entries());
        Assert.Equal(["part-00000000-00000002.jsonl", "part-00000003.jsonl", "part-00000004.jsonl", "part-00000005.jsonl", "part-00000006.jsonl"], await Listed());
        Assert.Equal(Enumerable.Range(0, 7), await FileSinkManifest.ReadRowsAsync<int>(Output));
    }

    [Fact]
    public async Task Output_staged_for_an_uncommitted_epoch_is_dropped_and_written_again_on_restart()
    {
        var numbers = new MemorySource<int>();
        var writer = Writer(numbers);
        var query = await writer.WrapCheckpointStore(store => new FaultyCheckpointStore(store) { FailCommitOf = 1 }).StartFilesAsync(Output);
        numbers.AddData(1);
        await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        numbers.AddData(2, 3);
        await Assert.ThrowsAsync<StreamingQueryException>(() => query.AwaitTerminationAsync().WaitAsync(Wait));
        Assert.Equal(["part-00000001.jsonl"], Directory.GetFiles(Path.Combine(Output, "_staging")).Select(Path.GetFileName));
        Assert.Equal([1], await FileSinkManifest.ReadRowsAsync<int>(Output));

        query = await writer.StartFilesAsync(Output);
        await RunEpochsAsync(query, numbers, [4]);
        await query.StopAsync();
        Assert.Empty(Directory.GetFiles(Path.Combine(Output, "_staging")));
        Assert.Equal([1, 2, 3, 4], await FileSinkManifest.ReadRowsAsync<int>(Output));
    }

    [Fact]
    public async Task An_epoch_staged_in_chunks_that_did_not_commit_is_written_again_whole_and_once_on_restart()
    {
        var big = Enumerable.Range(1, (2 * Sluice.Graphs.Queries.Execution.QuerySinkStage<int>.StageChunkRows) + 10).ToArray(); // two chunks and the rest
        var numbers = new MemorySource<int>();
        var writer = Writer(numbers);
        var query = await writer.WrapCheckpointStore(store => new FaultyCheckpointStore(store) { FailCommitOf = 1 }).StartFilesAsync(Output);
        numbers.AddData(0);
        await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        numbers.AddData(big);
        await Assert.ThrowsAsync<StreamingQueryException>(() => query.AwaitTerminationAsync().WaitAsync(Wait));
        Assert.Equal(big.Length, File.ReadLines(Path.Combine(Output, "_staging", "part-00000001.jsonl")).Count());
        Assert.Equal([0], await FileSinkManifest.ReadRowsAsync<int>(Output));

        query = await writer.StartFilesAsync(Output);
        await RunEpochsAsync(query, numbers, [big.Length + 1]);
        await query.StopAsync();
        Assert.Empty(Directory.GetFiles(Path.Combine(Output, "_staging")));
        Assert.Equal(Enumerable.Range(0, big.Length + 2), await FileSinkManifest.ReadRowsAsync<int>(Output));
        Assert.Equal(["part-00000000.jsonl", "part-00000001.jsonl", "part-00000002.jsonl"], await Listed());
    }

    [Fact]
    public async Task A_damaged_manifest_entry_fails_readers_and_the_restart_naming_the_file()
    {
        var numbers = new MemorySource<int>();
        var writer = Writer(numbers);
        var query = await writer.StartFilesAsync(Output);
        await RunEpochsAsync(query, numbers, [1], [2], [3]);
        await query.StopAsync();
        var entry = Path.Combine(Output, FileSinkManifest.DirectoryName, "1");
        await File.WriteAllTextAsync(entry, "v1\n{\"name\":\"part-00000001.jsonl\",\"si");

        var read = await Assert.ThrowsAsync<StreamingQueryException>(() => FileSinkManifest.ReadRowsAsync<int>(Output));
        Assert.StartsWith($"The file sink manifest entry '{entry}' is damaged: line 2 is not a file record", read.Message, StringComparison.Ordinal);
        var restart = await Assert.ThrowsAsync<StreamingQueryException>(() => writer.StartFilesAsync(Output));
        Assert.Contains($"'{entry}' is damaged", restart.Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(entry, "{\"name\":\"part-00000001.jsonl\",\"size\":2,\"epoch\":1}\n");
        read = await Assert.ThrowsAsync<StreamingQueryException>(() => FileSinkManifest.ListAsync(Output));
        Assert.StartsWith($"The file sink manifest entry '{entry}' is damaged: line 1 is '{{\"name\"", read.Message, StringComparison.Ordinal);

        File.Delete(entry);
        read = await Assert.ThrowsAsync<StreamingQueryException>(() => FileSinkManifest.ListAsync(Output));
        Assert.StartsWith($"The file sink manifest entry '{entry}' is missing (the manifest has entries 0 and 2)", read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_checkpoint_on_a_directory_with_later_commits_is_refused()
    {
        var numbers = new MemorySource<int>();
        var query = await Writer(numbers).StartFilesAsync(Output);
        await RunEpochsAsync(query, numbers, [1]);
        await query.StopAsync();

        var other = DataStream.From(numbers).WriteStream().CheckpointLocation(_dir.File("other-checkpoint")).Manager(new StreamingQueryManager());
        var e = await Assert.ThrowsAsync<StreamingQueryException>(() => other.StartFilesAsync(Output));
        Assert.Contains("records epochs up to 0, but the query's checkpoint has committed only up to -1", e.Message, StringComparison.Ordinal);
        Assert.Equal([1], await FileSinkManifest.ReadRowsAsync<int>(Output));
    }

    [Fact]
    public async Task Committing_an_epoch_again_keeps_what_its_entry_recorded()
    {
        var sink = new FileQuerySink<int>(Output);
        await sink.AbortAfterAsync(-1, CancellationToken.None);
        await sink.PreCommitAsync(0, [1, 2], OutputMode.Append, CancellationToken.None);
        await sink.CommitAsync(0, OutputMode.Append, CancellationToken.None);
        await sink.PreCommitAsync(0, [9], OutputMode.Append, CancellationToken.None);
        await sink.CommitAsync(0, OutputMode.Append, CancellationToken.None);

        Assert.Equal(["0"], Entries());
        Assert.Equal([1, 2], await FileSinkManifest.ReadRowsAsync<int>(Output));
    }

    [Fact]
    public async Task A_streaming_reader_more_than_an_interval_behind_a_merge_of_epochs_it_partly_read_fails_naming_the_merged_file()
    {
        var numbers = new MemorySource<int>();
        var query = await Writer(numbers).StartFilesAsync(Output, new FileSinkOptions { CompactInterval = 3, MergeFilesSmallerThan = 1000 });
        await RunEpochsAsync(query, numbers, [0], [1]);
        var copy = new MemorySink<string>();
        var reader = await DataStream.Files<string>(Output, FileFormat.Text).WriteStream().Manager(new StreamingQueryManager()).StartAsync(copy);
        await reader.ProcessAllAvailableAsync().WaitAsync(Wait);
        Assert.Equal(["0", "1"], copy.Rows);

        await RunEpochsAsync(query, numbers, [2], [3], [4], [5]);
        await query.StopAsync();
        var e = await Assert.ThrowsAsync<StreamingQueryException>(() => reader.ProcessAllAvailableAsync().WaitAsync(Wait));
        Assert.Contains("the sink merged epochs 0 to 2 into 'part-00000000-00000002.jsonl' while this query had read up to epoch 1", e.Message, StringComparison.Ordinal);
        Assert.Equal(["0", "1"], copy.Rows);
    }

    [Fact]
    public void Invalid_options_are_refused_naming_the_fix()
    {
        var e = Assert.Throws<StreamingQueryException>(() => DataStream.From(new MemorySource<int>()).WriteStream().Manager(new StreamingQueryManager())
            .Start(new FileQuerySink<int>(Output, new FileSinkOptions { CompactInterval = 0 })));
        Assert.Contains("CompactInterval is 0: give at least 1", e.Message, StringComparison.Ordinal);
    }
}
