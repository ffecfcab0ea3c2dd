using Sluice.Graphs.Queries.Progress;

namespace Sluice.Graphs.Queries;

/// <summary>
/// The handle of a running streaming query (Spark's <c>StreamingQuery</c>): its ids, status and progress, and the ways to
/// stop it and to wait for its end.
/// </summary>
public sealed class StreamingQuery
{
    private readonly Lock _gate = new();
    private readonly List<StreamingQueryProgress> _progress = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IQueryControl? _control;

    internal StreamingQuery(string? name) => Name = name;

    /// <summary>The query's id: the same every time a query starts from the same checkpoint location (known once started).</summary>
    public Guid Id { get; private set; }

    /// <summary>This run's id: new at every start.</summary>
    public Guid RunId { get; } = Guid.NewGuid();

    /// <summary>The query's name, or null.</summary>
    public string? Name { get; }

    /// <summary>What the query is doing now.</summary>
    public StreamingQueryStatus Status => _control is { } c ? new StreamingQueryStatus(c.StatusMessage, c.IsDataAvailable, c.IsTriggerActive) : new StreamingQueryStatus("Initializing", false, false);

    /// <summary>The progress of the last batch, or null before the first.</summary>
    public StreamingQueryProgress? LastProgress
    {
        get
        {
            lock (_gate)
            {
                return _progress.Count > 0 ? _progress[^1] : null;
            }
        }
    }

    /// <summary>The progress of the recent batches, oldest first.</summary>
    public IReadOnlyList<StreamingQueryProgress> RecentProgress
    {
        get
        {
            lock (_gate)
            {
                return [.. _progress];
            }
        }
    }

    /// <summary>
    /// What each shard of each stateful operator holds now (keys, estimated bytes, last epochs, where it runs), in
    /// operator then shard order; empty before the query started and for a query without stateful operators.
    /// </summary>
    public IReadOnlyList<State.ShardStateReport> ShardStates => _control?.ShardStates ?? [];

    /// <summary>True while the query runs.</summary>
    public bool IsActive => _started.Task.IsCompletedSuccessfully && !_terminated.Task.IsCompleted;

    /// <summary>The failure that ended the query, or null.</summary>
    public Exception? Exception { get; private set; }

    /// <summary>The global event-time watermark the next batch runs with (ms since the Unix epoch; 0 before any).</summary>
    public DateTimeOffset Watermark => DateTimeOffset.FromUnixTimeMilliseconds(_control?.CurrentWatermarkMs ?? 0);

    internal bool IsTerminated => _terminated.Task.IsCompleted;

    internal Task TerminationTask => _terminated.Task;

    internal Task StartedTask => _started.Task;

    internal IQueryControl? Control => _control;

    /// <summary>Stops the query after the batch in flight and waits until it stopped. Never throws the query's failure.</summary>
    public async Task StopAsync()
    {
        _control?.RequestStop();
        await _terminated.Task.ConfigureAwait(false);
    }

    /// <summary>Asks the query to stop after the batch in flight and returns at once.</summary>
    public void Stop() => _control?.RequestStop();

    /// <summary>Waits until the query ends; throws its failure if it failed.</summary>
    public async Task AwaitTerminationAsync(CancellationToken cancellationToken = default)
    {
        await _terminated.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (Exception is not null)
        {
            throw Exception;
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/>; true when the query ended (throws its failure if it failed).</summary>
    public async Task<bool> AwaitTerminationAsync(TimeSpan timeout)
    {
        try
        {
            await _terminated.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }

        if (Exception is not null)
        {
            throw Exception;
        }

        return true;
    }

    /// <summary>
    /// Waits until every row available in the sources when this is called has been processed and committed (or the query
    /// ended). With a processing-time trigger it waits until the query waits for its next trigger.
    /// </summary>
    public async Task ProcessAllAvailableAsync(CancellationToken cancellationToken = default)
    {
        await _started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _control!.WaitUntilIdleAsync(cancellationToken).ConfigureAwait(false);
        if (Exception is not null)
        {
            throw Exception;
        }
    }

    internal void Attach(IQueryControl control) => _control = control;

    internal void SetId(Guid id)
    {
        Id = id;
    }

    internal void MarkStarted() => _started.TrySetResult();

    internal void AddProgress(StreamingQueryProgress progress, int retention)
    {
        lock (_gate)
        {
            _progress.Add(progress);
            if (_progress.Count > retention)
            {
                _progress.RemoveAt(0);
            }
        }
    }

    internal void Fail(Exception exception) => Exception ??= exception;

    internal void Terminate()
    {
        if (Exception is not null)
        {
            _started.TrySetException(Exception);
        }
        else
        {
            _started.TrySetResult();
        }

        _terminated.TrySetResult();
    }

    /// <inheritdoc />
    public override string ToString() => $"StreamingQuery {Name ?? "(unnamed)"} [id = {Id}, runId = {RunId}]";
}

/// <summary>What the handle needs from the running execution.</summary>
internal interface IQueryControl
{
    string StatusMessage { get; }

    bool IsDataAvailable { get; }

    bool IsTriggerActive { get; }

    long CurrentWatermarkMs { get; }

    IReadOnlyList<State.ShardStateReport> ShardStates { get; }

    void RequestStop();

    Task<IDisposable> HoldPlanningAsync(CancellationToken cancellationToken);

    Task WaitUntilIdleAsync(CancellationToken cancellationToken);
}
