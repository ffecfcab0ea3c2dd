using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Tests.Queries;

public sealed class AsyncBackendTests
{
    [Fact]
    public async Task A_backend_that_answers_asynchronously_gives_the_same_answer()
    {
        var words = new MemorySource<string>();
        var sink = new MemorySink<(string, long)>();
        var rows = Enumerable.Range(0, 5000).Select(i => "w" + (i % 37)).ToArray();
        words.AddData(rows);
        var query = await DataStream.From(words).Stateful(w => w, new CountPerKey<string>())
            .WriteStream().OutputMode(OutputMode.Complete).Manager(new StreamingQueryManager())
            .StateBackend(new YieldingBackend(new LocalStateBackend()))
            .NumberOfShards(4)
            .StartAsync(sink);
        await query.ProcessAllAvailableAsync().WaitAsync(TimeSpan.FromSeconds(20));
        words.AddData("w0");
        await query.ProcessAllAvailableAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await query.StopAsync();
        var expected = rows.Append("w0").GroupBy(w => w).Select(g => (g.Key, (long)g.Count())).OrderBy(r => r.Key, StringComparer.Ordinal);
        Assert.Equal(expected, sink.Rows.OrderBy(r => r.Item1, StringComparer.Ordinal));
        Assert.Equal(37, query.LastProgress!.StateOperators[0].NumRowsTotal);
    }

    /// <summary>Every call completes later, on the thread pool: the routing stage's credit and barrier paths run asynchronously.</summary>
    private sealed class YieldingBackend(IStateBackend inner) : IStateBackend
    {
        public async Task<IOperatorShards<TKey, TIn, TOut>> StartAsync<TKey, TIn, TOut>(
            string queryId, string operatorId, StatefulOperator<TKey, TIn, TOut> op, int numberOfShards, long committedEpoch, CancellationToken cancellationToken)
            where TKey : notnull =>
            new Shards<TKey, TIn, TOut>(await inner.StartAsync(queryId, operatorId, op, numberOfShards, committedEpoch, cancellationToken));

        private sealed class Shards<TKey, TIn, TOut>(IOperatorShards<TKey, TIn, TOut> inner) : IOperatorShards<TKey, TIn, TOut>
            where TKey : notnull
        {
            private readonly SemaphoreSlim _gate = new(1, 1);

            public int NumberOfShards => inner.NumberOfShards;

            public async ValueTask<ShardOutput<TIn, TOut>> SendAsync(int shard, KeyedRow<TKey, TIn>[] rows, int count, EpochInfo epoch, bool collectLate)
            {
                await Task.Yield();
                await _gate.WaitAsync();
                try
                {
                    return await inner.SendAsync(shard, rows, count, epoch, collectLate);
                }
                finally
                {
                    _gate.Release();
                }
            }

            public async Task<ShardEpochResult<TOut>> EndEpochAsync(int shard, EpochInfo epoch)
            {
                await Task.Yield();
                await _gate.WaitAsync();
                try
                {
                    return await inner.EndEpochAsync(shard, epoch);
                }
                finally
                {
                    _gate.Release();
                }
            }

            public Task CommitAsync(long epochId) => inner.CommitAsync(epochId);

            public ValueTask DisposeAsync()
            {
                _gate.Dispose();
                return inner.DisposeAsync();
            }
        }
    }
}
