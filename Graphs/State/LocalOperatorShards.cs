namespace Sluice.Graphs.State;

/// <summary>
/// The shards of one operator in the local backend: each shard is a <see cref="LocalShardRunner{TKey,TIn,TOut}"/> that
/// runs its logic on the thread pool, one call at a time, so that the routing stage keeps splitting and hashing on one
/// core while the shards update state on the other.
/// </summary>
internal sealed class LocalOperatorShards<TKey, TIn, TOut> : IOperatorShards<TKey, TIn, TOut>
    where TKey : notnull
{
    private readonly LocalShardRunner<TKey, TIn, TOut>[] _runners;
    private readonly ShardStateBoard _board;

    public LocalOperatorShards(StatefulShard<TKey, TIn, TOut>[] shards, LocalOperatorLog log, ShardStateBoard board)
    {
        _board = board;
        _runners = new LocalShardRunner<TKey, TIn, TOut>[shards.Length];
        for (var i = 0; i < shards.Length; i++)
        {
            _runners[i] = new LocalShardRunner<TKey, TIn, TOut>(i, shards[i], log, board);
        }
    }

    public int NumberOfShards => _runners.Length;

    public IReadOnlyList<ShardStateReport> ShardStates => _board.Reports;

    public ValueTask<ShardOutput<TIn, TOut>> SendAsync(int shard, KeyedRow<TKey, TIn>[] rows, int count, EpochInfo epoch, bool collectLate) =>
        _runners[shard].SendAsync(rows, count, epoch, collectLate);

    public Task<ShardEpochResult<TOut>> EndEpochAsync(int shard, EpochInfo epoch) => _runners[shard].EndEpochAsync(epoch);

    public Task CommitAsync(long epochId)
    {
        var commits = new Task[_runners.Length];
        for (var i = 0; i < _runners.Length; i++)
        {
            commits[i] = _runners[i].CommitAsync(epochId);
        }

        return Task.WhenAll(commits);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var runner in _runners)
        {
            await runner.DrainAsync().ConfigureAwait(false);
        }
    }
}
