namespace Sluice.Graphs.State.Sharded;

/// <summary>
/// What the backend and every incarnation of one shard actor share: the outcome of the first recovery, and the
/// failure that ended the shard. Only the first incarnation holds valid state: a shard actor that is started again
/// (after a failure) cannot know the rows it lost, so it refuses every call and the query must restart from its last
/// committed epoch (DESIGN 4.4, 6).
/// </summary>
internal sealed class StateShardCell(int shard, ShardStateBoard board)
{
    private int _incarnations;
    private Exception? _failure;

    public int Shard { get; } = shard;

    /// <summary>Where the shard reports what it holds (for monitoring).</summary>
    public ShardStateBoard Board { get; } = board;

    /// <summary>Completes with the last epoch the shard restored, or fails with the recovery failure.</summary>
    public TaskCompletionSource<long> Recovered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Counts an incarnation; true for the first.</summary>
    public bool Enter() => Interlocked.Increment(ref _incarnations) == 1;

    public void Fail(Exception cause)
    {
        Interlocked.CompareExchange(ref _failure, cause, null);
        Recovered.TrySetException(cause);
    }
}
