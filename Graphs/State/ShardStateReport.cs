namespace Sluice.Graphs.State;

/// <summary>
/// What one shard of a stateful operator holds now: its keys and their estimated size, the last epoch it ended and
/// the last epoch committed, where it runs. A read-only view for monitoring (the web UI's shards page); the summed
/// figures are in each batch's <c>StateOperatorProgress</c>.
/// </summary>
/// <param name="OperatorId">The operator's id within the query plan, e.g. <c>0-aggregate</c>.</param>
/// <param name="OperatorName">The operator's name, e.g. <c>aggregate</c>.</param>
/// <param name="Shard">The shard id, 0 to the number of shards - 1 (a key is in shard <c>StableHash(key) % shards</c>).</param>
/// <param name="EntityPath">The shard actor's path (sharded backend), or <c>local:{queryId}/{operatorId}/{shard}</c> for the in-memory backend.</param>
/// <param name="Keys">Keys in the shard's state stores (state rows).</param>
/// <param name="Bytes">Estimated size of the shard's state in bytes (from the serialized sizes of its changelog and snapshots).</param>
/// <param name="LastEpoch">The last epoch the shard ended (or restored), -1 before any.</param>
/// <param name="LastCommittedEpoch">The last epoch the query committed that the shard knows of, -1 before any.</param>
/// <param name="Node">Where the shard runs: the actor system's address, or <c>local</c> for the in-memory backend.</param>
public sealed record ShardStateReport(
    string OperatorId,
    string OperatorName,
    int Shard,
    string EntityPath,
    long Keys,
    long Bytes,
    long LastEpoch,
    long LastCommittedEpoch,
    string Node);
