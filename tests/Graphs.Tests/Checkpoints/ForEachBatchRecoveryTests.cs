using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Dsl;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Tests.IO;
using static Sluice.Graphs.Tests.Checkpoints.WordCount;

namespace Sluice.Graphs.Tests.Checkpoints;

/// <summary>
/// Spark's foreachBatch contract across a crash: the function runs as part of the epoch, before its commit is logged,
/// so an epoch is delivered at least once, and a replay carries the same epoch id and rows (the function makes it
/// idempotent). The crash tests of the real process found that the function ran after the commit log instead: a kill
/// between the two lost that epoch's rows for good.
/// </summary>
public sealed class ForEachBatchRecoveryTests : IDisposable
{
    private static readonly Word[][] Steps =
    [
        [At("dog", 7), At("owl", 8)],
        [At("dog", 14), At("cat", 9)],
        [At("cat", 15), At("dog", 8), At("owl", 13), At("owl", 21)],
        [At("owl", 17), At("donkey", 4)],
    ];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task An_epoch_whose_commit_was_logged_just_before_a_crash_still_reaches_for_each_batch_after_the_restart(long crashingBatch)
    {
        var expected = new SortedDictionary<long, string>();
        await RunUninterruptedAsync((checkpoint, input, wrap) => StartAsync(checkpoint, input, expected, wrap));

        var delivered = new SortedDictionary<long, string>(); // what an idempotent function keeps: one entry per epoch id
        await CrashAndRestartAsync((checkpoint, input, wrap) => StartAsync(checkpoint, input, delivered, wrap), crashingBatch);

        Assert.Equal(expected, delivered);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task A_stream_sink_gets_an_epoch_whose_commit_was_logged_just_before_a_crash_at_least_once(long crashingBatch)
    {
        var expected = new List<string>();
        await RunUninterruptedAsync((checkpoint, input, wrap) => StartStreamAsync(checkpoint, input, expected, wrap));

        var delivered = new List<string>();
        await CrashAndRestartAsync((checkpoint, input, wrap) => StartStreamAsync(checkpoint, input, delivered, wrap), crashingBatch);

        // At least once: every row of the uninterrupted run arrived; the crashed epoch's rows may arrive twice, nothing else.
        Assert.Equal(expected.Distinct().Order(StringComparer.Ordinal), delivered.Distinct().Order(StringComparer.Ordinal));
    }

    private async Task RunUninterruptedAsync(Start start)
    {
        await using var reference = await start(_temp.File("reference"), new MemorySource<Word>(), null);
        await FeedAsync(reference.Run, reference.Input, Steps);
    }

    /// <summary>Feeds the steps to a query whose checkpoint dies right after committing <paramref name="crashingBatch"/>, then restarts it and feeds the rest.</summary>
    private async Task CrashAndRestartAsync(Start start, long crashingBatch)
    {
        var input = new MemorySource<Word>();
        var checkpoint = _temp.File("checkpoint");
        var consumed = 0;
        await using (var first = await start(checkpoint, input, store => new CrashAfterCommitStore(store, crashingBatch)))
        {
            foreach (var step in Steps)
            {
                input.AddData(step);
                consumed++;
                try
                {
                    await first.Run.ProcessAllAvailableAsync();
                }
                catch (StreamingQueryException)
                {
                    break;
                }
            }

            await Assert.ThrowsAsync<StreamingQueryException>(() => first.Run.Query.AwaitTerminationAsync().WaitAsync(TimeSpan.FromSeconds(20)));
        }

        await using var second = await start(checkpoint, input, null);
        await second.Run.ProcessAllAvailableAsync();
        await FeedAsync(second.Run, input, Steps[consumed..]);
    }

    private static async Task<Started> StartStreamAsync(
        string checkpoint, MemorySource<Word> input, List<string> delivered, Func<ICheckpointStore, ICheckpointStore>? wrap = null)
    {
        var stream = Sink.ForEach<WindowedRow<string, long>>(row =>
        {
            lock (delivered)
            {
                delivered.Add(row.ToString());
            }
        });
        var sink = new StreamQuerySink<WindowedRow<string, long>, Task>(stream, Materializer.Create());
        var run = await CheckpointedRun<WindowedRow<string, long>>.StartAsync(
            checkpoint, Windowed(input), OutputMode.Update, wrap is null ? null : w => w.WrapCheckpointStore(wrap), sink);
        return new Started(run, input);
    }

    private static async Task FeedAsync(CheckpointedRun<WindowedRow<string, long>> run, MemorySource<Word> input, Word[][] steps)
    {
        foreach (var step in steps)
        {
            input.AddData(step);
            await run.ProcessAllAvailableAsync();
        }
    }

    private static async Task<Started> StartAsync(
        string checkpoint, MemorySource<Word> input, SortedDictionary<long, string> delivered, Func<ICheckpointStore, ICheckpointStore>? wrap = null)
    {
        var sink = new ForEachBatchSink<WindowedRow<string, long>>((rows, epoch, _) =>
        {
            lock (delivered)
            {
                delivered[epoch] = string.Join(" | ", rows.Select(r => r.ToString()).Order(StringComparer.Ordinal));
            }

            return ValueTask.CompletedTask;
        });
        var run = await CheckpointedRun<WindowedRow<string, long>>.StartAsync(
            checkpoint, Windowed(input), OutputMode.Update, wrap is null ? null : w => w.WrapCheckpointStore(wrap), sink);
        return new Started(run, input);
    }

    private delegate Task<Started> Start(string checkpoint, MemorySource<Word> input, Func<ICheckpointStore, ICheckpointStore>? wrap);

    private sealed record Started(CheckpointedRun<WindowedRow<string, long>> Run, MemorySource<Word> Input) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Run.DisposeAsync();
    }

    /// <summary>Dies right after the commit of one batch is logged: the process is gone before the sink heard of it.</summary>
    private sealed class CrashAfterCommitStore(ICheckpointStore inner, long crashingBatch) : ICheckpointStore
    {
        public Task<CheckpointState> LoadAsync(CancellationToken cancellationToken) => inner.LoadAsync(cancellationToken);

        public Task<OffsetLogEntry?> GetOffsetsAsync(long batchId, CancellationToken cancellationToken) => inner.GetOffsetsAsync(batchId, cancellationToken);

        public Task WriteOffsetsAsync(OffsetLogEntry entry, CancellationToken cancellationToken) => inner.WriteOffsetsAsync(entry, cancellationToken);

        public async Task WriteCommitAsync(CommitLogEntry entry, CancellationToken cancellationToken)
        {
            await inner.WriteCommitAsync(entry, cancellationToken);
            if (entry.BatchId == crashingBatch)
            {
                throw new IOException($"injected crash after committing batch {entry.BatchId}");
            }
        }

        public Task<IReadOnlyList<string>> ReadSourceLogAsync(int source, CancellationToken cancellationToken) => inner.ReadSourceLogAsync(source, cancellationToken);

        public Task AppendSourceLogAsync(int source, IReadOnlyList<string> entries, CancellationToken cancellationToken) => inner.AppendSourceLogAsync(source, entries, cancellationToken);
    }
}
