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

/// <summary>One shard of one stateful operator.</summary>
/// <param name="Query">The query's name.</param>
/// <param name="Operator">The operator's name.</param>
/// <param name="Shard">The shard id.</param>
/// <param name="Keys">How many keys it holds.</param>
/// <param name="Bytes">An estimate of its state's size.</param>
public sealed record ShardInfo(string Query, string Operator, int Shard, long Keys, long Bytes);
