using Sluice.Graphs.Queries;
using Sluice.Host.Web;

namespace Sluice.Host.Hosting;

/// <summary>The web UI's view of a <see cref="StreamingQueryManager"/>: every query started, including ended ones.</summary>
internal sealed class QueryCatalog : StreamingQueryListener, IQueryCatalog
{
    private readonly Lock _gate = new();
    private readonly List<StreamingQuery> _queries = [];

    public QueryCatalog(StreamingQueryManager manager) => manager.AddListener(this);

    public IReadOnlyList<QueryInfo> Queries
    {
        get
        {
            StreamingQuery[] queries;
            lock (_gate)
            {
                queries = [.. _queries];
            }

            return [.. queries.Select(Describe)];
        }
    }

    public IReadOnlyList<ShardInfo> Shards
    {
        get
        {
            StreamingQuery[] queries;
            lock (_gate)
            {
                queries = [.. _queries];
            }

            return [.. queries.Where(q => q.IsActive).SelectMany(q => q.ShardStates.Select(s => new ShardInfo(
                q.Id.ToString(), q.Name ?? q.Id.ToString(), s.OperatorId, s.OperatorName, s.Shard, s.EntityPath, s.Keys, s.Bytes, s.LastEpoch, s.LastCommittedEpoch, s.Node)))];
        }
    }

    public override void OnQueryStarted(StreamingQuery query)
    {
        lock (_gate)
        {
            _queries.RemoveAll(q => q.Id == query.Id && !q.IsActive);
            if (!_queries.Contains(query))
            {
                _queries.Add(query);
            }
        }
    }

    public async Task<bool> StopAsync(string idOrName, CancellationToken cancellationToken)
    {
        StreamingQuery? query;
        lock (_gate)
        {
            query = _queries.LastOrDefault(q => q.Id.ToString() == idOrName || q.Name == idOrName);
        }

        if (query is null)
        {
            return false;
        }

        await query.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static QueryInfo Describe(StreamingQuery query)
    {
        var status = query.IsActive ? "ACTIVE" : query.Exception is null ? "STOPPED" : "FAILED";
        var message = query.Exception?.Message ?? query.Status.Message;
        return new QueryInfo(query.Id.ToString(), query.RunId.ToString(), query.Name ?? query.Id.ToString(), status, message, [.. query.RecentProgress]);
    }
}
