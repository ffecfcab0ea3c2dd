using Sluice.Graphs.Queries;
using Sluice.Graphs.Tests.IO;
using Sluice.Graphs.Queries.Execution;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;

namespace Sluice.Graphs.Tests.Queries;

public sealed class StagedSinkTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_sink_that_stages_in_chunks_gets_an_epochs_rows_in_order_while_it_runs_and_the_rest_at_pre_commit()
    {
        const int Chunk = QuerySinkStage<int>.StageChunkRows;
        var numbers = new MemorySource<int>();
        var sink = new StagingSink();
        var query = await DataStream.From(numbers).Select(n => n * 2).WriteStream().Manager(new StreamingQueryManager()).StartAsync(sink);
        try
        {
            numbers.AddData(Enumerable.Range(0, (2 * Chunk) + 5));
            await query.ProcessAllAvailableAsync().WaitAsync(Wait);
            numbers.AddData(7);
            await query.ProcessAllAvailableAsync().WaitAsync(Wait);

            Assert.Equal([(0L, Chunk), (0L, Chunk)], sink.Stages);
            Assert.Equal([(0L, 5), (1L, 1)], sink.PreCommits);
            Assert.Equal(Enumerable.Range(0, (2 * Chunk) + 5).Select(n => n * 2).Append(14), sink.Committed);
            Assert.Equal([(2 * Chunk) + 5L, 1L], query.RecentProgress.Select(p => p.Sink.NumOutputRows));
        }
        finally
        {
            await query.StopAsync();
        }
    }

    [Fact]
    public async Task Chunks_staged_for_an_epoch_that_did_not_commit_are_dropped_and_the_epoch_runs_again_exactly_once()
    {
        const int Chunk = QuerySinkStage<int>.StageChunkRows;
        using var checkpoint = new TempDirectory();
        var numbers = new MemorySource<int>();
        var sink = new StagingSink();
        var writer = DataStream.From(numbers).WriteStream().CheckpointLocation(checkpoint.Path).Manager(new StreamingQueryManager());
        var query = await writer.WrapCheckpointStore(store => new FaultyCheckpointStore(store) { FailCommitOf = 0 }).StartAsync(sink);
        numbers.AddData(Enumerable.Range(0, Chunk + 3));
        await Assert.ThrowsAsync<StreamingQueryException>(() => query.AwaitTerminationAsync().WaitAsync(Wait));
        Assert.Equal([(0L, Chunk)], sink.Stages);
        Assert.Empty(sink.Committed);

        query = await writer.StartAsync(sink);
        await query.ProcessAllAvailableAsync().WaitAsync(Wait);
        await query.StopAsync();
        Assert.Equal([(0L, Chunk), (0L, Chunk)], sink.Stages);
        Assert.Equal(Enumerable.Range(0, Chunk + 3), sink.Committed);
    }

    /// <summary>Stages chunks per epoch in memory; an epoch's rows become visible, in order, when it commits.</summary>
    private sealed class StagingSink : QuerySink<int>
    {
        private readonly Dictionary<long, List<int>> _pending = [];

        public override string Description => "StagingSink";

        public override bool StagesRowsInChunks => true;

        public List<(long Epoch, int Rows)> Stages { get; } = [];

        public List<(long Epoch, int Rows)> PreCommits { get; } = [];

        public List<int> Committed { get; } = [];

        public override ValueTask StageAsync(long epochId, IReadOnlyList<int> rows, CancellationToken cancellationToken)
        {
            Stages.Add((epochId, rows.Count));
            Pending(epochId).AddRange(rows);
            return ValueTask.CompletedTask;
        }

        public override ValueTask PreCommitAsync(long epochId, IReadOnlyList<int> rows, OutputMode mode, CancellationToken cancellationToken)
        {
            PreCommits.Add((epochId, rows.Count));
            return base.PreCommitAsync(epochId, rows, mode, cancellationToken);
        }

        public override ValueTask AbortAfterAsync(long committedEpoch, CancellationToken cancellationToken)
        {
            foreach (var epoch in _pending.Keys.Where(e => e > committedEpoch).ToList())
            {
                _pending.Remove(epoch);
            }

            return base.AbortAfterAsync(committedEpoch, cancellationToken);
        }

        protected override ValueTask WriteEpochAsync(long epochId, IReadOnlyList<int> rows, OutputMode mode, CancellationToken cancellationToken)
        {
            Committed.AddRange(Pending(epochId));
            Committed.AddRange(rows);
            _pending.Remove(epochId);
            return ValueTask.CompletedTask;
        }

        private List<int> Pending(long epochId) => _pending.TryGetValue(epochId, out var rows) ? rows : _pending[epochId] = [];
    }
}
