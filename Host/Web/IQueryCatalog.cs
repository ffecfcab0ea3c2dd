namespace Sluice.Host.Web;

/// <summary>What the web UI and the JSON API show: the queries of this host and the actor system's shards.</summary>
public interface IQueryCatalog
{
    /// <summary>Every query this host started (running or ended), in start order.</summary>
    IReadOnlyList<QueryInfo> Queries { get; }

    /// <summary>The shards of the stateful operators: which shard holds how many keys.</summary>
    IReadOnlyList<ShardInfo> Shards { get; }

    /// <summary>Stops the query with <paramref name="idOrName"/>; false when there is none.</summary>
    Task<bool> StopAsync(string idOrName, CancellationToken cancellationToken);
}

/// <summary>A query as the UI lists it.</summary>
/// <param name="Id">Stable across restarts.</param>
/// <param name="RunId">This run.</param>
/// <param name="Name">The query's name.</param>
/// <param name="Status">"ACTIVE", "STOPPED" or "FAILED".</param>
/// <param name="Message">The status message, or the failure.</param>
/// <param name="RecentProgress">The latest progress records (oldest first), serialized with Spark's field names.</param>
public sealed record QueryInfo(string Id, string RunId, string Name, string Status, string Message, IReadOnlyList<object> RecentProgress);

/// <summary>One shard of one stateful operator of a running query, as <c>/api/shards</c> lists it (camelCase JSON).</summary>
/// <param name="QueryId">The query's id.</param>
/// <param name="Query">The query's name (its id when it has none).</param>
/// <param name="OperatorId">The operator's id within the query, e.g. <c>0-aggregate</c>.</param>
/// <param name="Operator">The operator's name, e.g. <c>aggregate</c>.</param>
/// <param name="Shard">The shard id (a key is in shard <c>StableHash(key) % shards</c>).</param>
/// <param name="EntityPath">The shard actor's path, or <c>local:...</c> for state kept in memory.</param>
/// <param name="Keys">How many keys (state rows) it holds.</param>
/// <param name="Bytes">An estimate of its state's size in bytes.</param>
/// <param name="LastEpoch">The last epoch the shard ended, -1 before any.</param>
/// <param name="LastCommittedEpoch">The last committed epoch, -1 before any.</param>
/// <param name="Node">Where it runs: the actor system's address (this process), or <c>local</c>.</param>
public sealed record ShardInfo(
    string QueryId,
    string Query,
    string OperatorId,
    string Operator,
    int Shard,
    string EntityPath,
    long Keys,
    long Bytes,
    long LastEpoch,
    long LastCommittedEpoch,
    string Node);
