namespace Sluice.Graphs.Queries;

/// <summary>The running queries of a process or a test (Spark's <c>StreamingQueryManager</c>): active queries, listeners, waiting for any to end.</summary>
public sealed class StreamingQueryManager
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, StreamingQuery> _active = [];
    private readonly List<StreamingQueryListener> _listeners = [];
    private TaskCompletionSource<StreamingQuery> _anyTerminated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The manager used when a query does not name one.</summary>
    public static StreamingQueryManager Default { get; } = new();

    /// <summary>The queries running now.</summary>
    public IReadOnlyList<StreamingQuery> Active
    {
        get
        {
            lock (_gate)
            {
                return [.. _active.Values];
            }
        }
    }

    /// <summary>The active query with <paramref name="id"/>, or null.</summary>
    public StreamingQuery? Get(Guid id)
    {
        lock (_gate)
        {
            return _active.GetValueOrDefault(id);
        }
    }

    /// <summary>Adds a listener for every query of this manager.</summary>
    public void AddListener(StreamingQueryListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate)
        {
            _listeners.Add(listener);
        }
    }

    /// <summary>Removes a listener.</summary>
    public void RemoveListener(StreamingQueryListener listener)
    {
        lock (_gate)
        {
            _listeners.Remove(listener);
        }
    }

    /// <summary>Completes when any query of this manager terminates (since the last <see cref="ResetTerminated"/>); fails with its exception if it failed.</summary>
    public async Task AwaitAnyTerminationAsync(CancellationToken cancellationToken = default)
    {
        Task<StreamingQuery> any;
        lock (_gate)
        {
            any = _anyTerminated.Task;
        }

        var query = await any.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (query.Exception is not null)
        {
            throw query.Exception;
        }
    }

    /// <summary>Forgets the queries that terminated, so <see cref="AwaitAnyTerminationAsync"/> waits for a new one.</summary>
    public void ResetTerminated()
    {
        lock (_gate)
        {
            if (_anyTerminated.Task.IsCompleted)
            {
                _anyTerminated = new TaskCompletionSource<StreamingQuery>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    internal void Started(StreamingQuery query)
    {
        lock (_gate)
        {
            // A query that terminated may not be unregistered yet (its waiters resume before Terminated runs): it does not count.
            if (_active.Values.Any(q => q.Id == query.Id && !q.IsTerminated))
            {
                throw new StreamingQueryException($"A query with id {query.Id} (checkpoint of '{query.Name}') is already active: stop it before starting it again.");
            }

            _active[query.Id] = query;
        }

        Notify(l => l.OnQueryStarted(query));
    }

    internal void Terminated(StreamingQuery query)
    {
        lock (_gate)
        {
            if (_active.TryGetValue(query.Id, out var registered) && ReferenceEquals(registered, query))
            {
                _active.Remove(query.Id);
            }

            _anyTerminated.TrySetResult(query);
        }

        Notify(l => l.OnQueryTerminated(query, query.Exception));
    }

    internal void Notify(Action<StreamingQueryListener> call)
    {
        StreamingQueryListener[] listeners;
        lock (_gate)
        {
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            call(listener);
        }
    }
}
