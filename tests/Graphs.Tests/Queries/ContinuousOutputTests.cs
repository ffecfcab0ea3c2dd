using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;

namespace Sluice.Graphs.Tests.Queries;

public sealed class ContinuousOutputTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Continuous_keyed_count_hands_new_counts_to_the_sink_before_the_epoch_ends()
    {
        var (words, sink, clock, query) = await StartHourlyContinuousCountAsync(needsEpochRows: true);
        try
        {
            words.AddData("a", "b", "a");
            var first = await sink.WaitForRowsAsync(2).WaitAsync(Wait);
            Assert.Equal([new("a", 2L), new("b", 1L)], first.OrderBy(r => r.Key));
            Assert.Null(query.LastProgress);
            Assert.Equal(-1, sink.LastCommittedEpoch);

            words.AddData("b");
            var second = await sink.WaitForRowsAsync(3).WaitAsync(Wait);
            Assert.Equal(new KeyedValue<string, long>("b", 2L), second[2]);
            Assert.Null(query.LastProgress);

            clock.Advance(TimeSpan.FromHours(1));
            await query.ProcessAllAvailableAsync().WaitAsync(Wait);
            var progress = query.RecentProgress.Single(p => p.BatchId == 0);
            Assert.Equal(0, sink.LastCommittedEpoch);
            Assert.Equal(3, progress.Sink.NumOutputRows);
            Assert.Equal([new("a", 2L), new("b", 1L), new("b", 2L)], sink.Committed.OrderBy(r => r.Key).ThenBy(r => r.Value));
            Assert.True(progress.LatencyMs["p50"] <= progress.LatencyMs["p99"] && progress.LatencyMs["p99"] <= progress.LatencyMs["max"], string.Join(", ", progress.LatencyMs));
        }
        finally
        {
            await query.StopAsync();
        }
    }

    [Fact]
    public async Task A_sink_that_writes_rows_continuously_only_can_skip_the_epochs_rows_at_pre_commit()
    {
        var (words, sink, clock, query) = await StartHourlyContinuousCountAsync(needsEpochRows: false);
        try
        {
            words.AddData("a", "b", "a");
            await sink.WaitForRowsAsync(2).WaitAsync(Wait);
            words.AddData("b");
            var rows = await sink.WaitForRowsAsync(3).WaitAsync(Wait);
            Assert.Equal([new("a", 2L), new("b", 1L), new("b", 2L)], rows.OrderBy(r => r.Key).ThenBy(r => r.Value));

            clock.Advance(TimeSpan.FromHours(1));
            await query.ProcessAllAvailableAsync().WaitAsync(Wait);
            Assert.Equal(0, sink.LastCommittedEpoch);
            Assert.Empty(sink.Committed); // the epoch's rows were not kept for the pre-commit
            Assert.Equal(3, query.RecentProgress.Single(p => p.BatchId == 0).Sink.NumOutputRows); // yet counted
        }
        finally
        {
            await query.StopAsync();
        }
    }

    [Fact]
    public async Task Micro_batch_latency_is_the_same_for_every_row_of_a_batch()
    {
        var words = new MemorySource<string>();
        var sink = new ChunkSink<KeyedValue<string, long>>();
        var query = await DataStream.From(words).GroupBy(w => w).Count().WriteStream().OutputMode(OutputMode.Update).StartAsync(sink);
        try
        {
            words.AddData("a", "b", "a");
            await query.ProcessAllAvailableAsync().WaitAsync(Wait);
            var latency = query.LastProgress!.LatencyMs;
            Assert.Equal(latency["p50"], latency["p99"]);
            Assert.Equal(latency["p99"], latency["max"]);
            Assert.Empty(sink.Chunks);
        }
        finally
        {
            await query.StopAsync();
        }
    }

    /// <summary>A continuous count per word with a checkpoint every hour of a manual clock.</summary>
    private static async Task<(MemorySource<string> Words, ChunkSink<KeyedValue<string, long>> Sink, ManualTimeProvider Clock, StreamingQuery Query)> StartHourlyContinuousCountAsync(bool needsEpochRows)
    {
        var words = new MemorySource<string>();
        var sink = new ChunkSink<KeyedValue<string, long>>(needsEpochRows);
        var clock = new ManualTimeProvider();
        var query = await DataStream.From(words).GroupBy(w => w).Count()
            .WriteStream().OutputMode(OutputMode.Update).Trigger(Trigger.Continuous(TimeSpan.FromHours(1))).Clock(clock)
            .StartAsync(sink);
        return (words, sink, clock, query);
    }

    /// <summary>Records the rows handed over continuously and the rows of committed epochs.</summary>
    private sealed class ChunkSink<T>(bool needsEpochRows = true) : QuerySink<T>
    {
        private readonly Lock _gate = new();
        private readonly List<T> _continuous = [];
        private readonly List<(int Count, TaskCompletionSource<List<T>> Done)> _waiters = [];

        public override string Description => "ChunkSink";

        public override bool NeedsEpochRowsInContinuousMode => needsEpochRows;

        public List<IReadOnlyList<T>> Chunks { get; } = [];

        public List<T> Committed { get; } = [];

        public Task<List<T>> WaitForRowsAsync(int count)
        {
            lock (_gate)
            {
                if (_continuous.Count >= count)
                {
                    return Task.FromResult(_continuous.ToList());
                }

                var done = new TaskCompletionSource<List<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, done));
                return done.Task;
            }
        }

        public override ValueTask WriteContinuousAsync(long epochId, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Chunks.Add(rows);
                _continuous.AddRange(rows);
                foreach (var (count, done) in _waiters.Where(w => _continuous.Count >= w.Count).ToList())
                {
                    done.TrySetResult(_continuous.ToList());
                }
            }

            return ValueTask.CompletedTask;
        }

        protected override ValueTask WriteEpochAsync(long epochId, IReadOnlyList<T> rows, OutputMode mode, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Committed.AddRange(rows);
            }

            return ValueTask.CompletedTask;
        }
    }
}
