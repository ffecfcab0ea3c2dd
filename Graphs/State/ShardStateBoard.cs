namespace Sluice.Graphs.State;

/*
 * The latest ShardStateReport of each shard of one operator. Writers (a shard actor's thread, or the routing stage with
 * the local backend) replace a shard's immutable report; readers (the web UI's thread) take the array of references.
 * Reference writes are atomic, so a reader sees each shard's report whole, possibly one epoch older than another's.
 */

/// <summary>The current state figures of the shards of one operator, written by the shards, read by monitoring.</summary>
internal sealed class ShardStateBoard
{
    private readonly ShardStateReport[] _reports;

    public ShardStateBoard(string operatorId, string operatorName, string node, Func<int, string> entityPath, int numberOfShards, long committedEpoch)
    {
        _reports = new ShardStateReport[numberOfShards];
        for (var i = 0; i < numberOfShards; i++)
        {
            _reports[i] = new ShardStateReport(operatorId, operatorName, i, entityPath(i), 0, 0, committedEpoch, committedEpoch, node);
        }
    }

    public IReadOnlyList<ShardStateReport> Reports
    {
        get
        {
            var copy = new ShardStateReport[_reports.Length];
            for (var i = 0; i < copy.Length; i++) copy[i] = Volatile.Read(ref _reports[i]);
            return copy;
        }
    }

    /// <summary>The shard's stores after an epoch ended (or after recovery, with the restored epoch).</summary>
    public void Update(int shard, IReadOnlyList<IStateStore> stores, long lastEpoch)
    {
        long keys = 0, bytes = 0;
        foreach (var store in stores)
        {
            keys += store.Count;
            bytes += store.EstimatedBytes;
        }

        Change(shard, r => r with { Keys = keys, Bytes = bytes, LastEpoch = lastEpoch });
    }

    /// <summary>The query committed <paramref name="epochId"/>.</summary>
    public void Committed(int shard, long epochId)
    {
        Change(shard, r => epochId > r.LastCommittedEpoch ? r with { LastCommittedEpoch = epochId } : r);
    }

    /// <summary>Sets where the shard runs (a shard actor knows its path once started).</summary>
    public void Locate(int shard, string entityPath)
    {
        Change(shard, r => r with { EntityPath = entityPath });
    }

    private void Change(int shard, Func<ShardStateReport, ShardStateReport> change)
    {
        while (true)
        {
            var report = Volatile.Read(ref _reports[shard]);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _reports[shard], change(report), report), report)) return;
        }
    }
}
