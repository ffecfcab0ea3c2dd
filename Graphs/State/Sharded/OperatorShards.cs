using System.Globalization;
using Sluice.Actors;
using Sluice.Actors.Sharding;

namespace Sluice.Graphs.State.Sharded;

/// <summary>
/// The running shards of one operator on the sharded backend: batches go to the shard actors through the operator's
/// shard region, one message per batch, against credit (<see cref="ShardLane{TKey,TIn,TOut}"/>); epoch ends and
/// commits are asks. The object is also the reference the shards answer batches to (a bridge, not an actor: an
/// answer is handled on the shard's thread, which only updates the lane under its lock).
/// </summary>
internal sealed class OperatorShards<TKey, TIn, TOut> : IOperatorShards<TKey, TIn, TOut>, IActorRef
    where TKey : notnull
{
    private readonly ActorSystem _system;
    private readonly IActorRef _region;
    private readonly string _typeName;
    private readonly ShardedStateSettings _settings;
    private readonly string[] _entityIds;
    private readonly ShardLane<TKey, TIn, TOut>[] _lanes;
    private readonly StateShardCell[] _cells;
    private readonly ShardStateBoard _board;
    private int _disposed;

    public OperatorShards(ActorSystem system, IActorRef region, string typeName, StateShardCell[] cells, ShardedStateSettings settings, ShardStateBoard board)
    {
        _board = board;
        _system = system;
        _region = region;
        _typeName = typeName;
        _settings = settings;
        _cells = cells;
        var numberOfShards = cells.Length;
        Path = ActorPath.Root(system.Name).Child("temp").Child("state-" + Uri.EscapeDataString(typeName));
        _entityIds = new string[numberOfShards];
        _lanes = new ShardLane<TKey, TIn, TOut>[numberOfShards];
        for (var i = 0; i < numberOfShards; i++)
        {
            _entityIds[i] = i.ToString(CultureInfo.InvariantCulture);
            _lanes[i] = new ShardLane<TKey, TIn, TOut>(i, settings.MaxOutstandingBatches, Send);
        }
    }

    public int NumberOfShards => _lanes.Length;

    public ActorPath Path { get; }

    public IReadOnlyList<ShardStateReport> ShardStates => _board.Reports;

    /// <summary>Batches sent to <paramref name="shard"/> and not answered yet (for tests and progress).</summary>
    public int InFlight(int shard) => _lanes[shard].InFlight;

    public ValueTask<ShardOutput<TIn, TOut>> SendAsync(int shard, KeyedRow<TKey, TIn>[] rows, int count, EpochInfo epoch, bool collectLate)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)rows.Length, nameof(count));
        var lane = Lane(shard);
        return _cells[shard].Failure is { } failure
            ? ValueTask.FromException<ShardOutput<TIn, TOut>>(failure)
            : lane.SendAsync(rows, count, epoch, collectLate);
    }

    public async Task<ShardEpochResult<TOut>> EndEpochAsync(int shard, EpochInfo epoch)
    {
        var lane = Lane(shard);
        if ((lane.Failure ?? _cells[shard].Failure) is { } failure) throw failure;
        var result = await _region.Ask<ShardEpochResult<TOut>>(new ShardEnvelope(_entityIds[shard], new EndEpoch(epoch)), _settings.CallTimeout).ConfigureAwait(false);

        // Batches are answered before the epoch end: output they emitted at once and nobody took yet comes first.
        if (lane.TakeEmitted() is not { Count: > 0 } emitted) return result;
        emitted.AddRange(result.Output);
        return result with { Output = emitted };
    }

    public Task CommitAsync(long epochId)
    {
        foreach (var cell in _cells)
        {
            if (cell.Failure is { } failure) return Task.FromException(failure);
        }

        var commits = new Task[_lanes.Length];
        for (var i = 0; i < _lanes.Length; i++)
        {
            commits[i] = _region.Ask<EpochCommitted>(new ShardEnvelope(_entityIds[i], new CommitEpoch(epochId)), _settings.CallTimeout);
        }

        return Task.WhenAll(commits);
    }

    /// <summary>Starts every shard actor and waits until each has recovered; the last epoch each restored.</summary>
    public async Task<long[]> StartShardsAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _lanes.Length; i++) _region.Tell(new ShardEnvelope(_entityIds[i], WakeShard.Instance), this);
        var recovered = new Task<long>[_cells.Length];
        for (var i = 0; i < _cells.Length; i++) recovered[i] = _cells[i].Recovered.Task;
        var all = Task.WhenAll(recovered);
        if (_settings.CallTimeout != Timeout.InfiniteTimeSpan) all = all.WaitAsync(_settings.CallTimeout, cancellationToken);
        else all = all.WaitAsync(cancellationToken);
        try
        {
            return await all.ConfigureAwait(false);
        }
        catch (TimeoutException cause)
        {
            throw new TimeoutException(
                $"The state shards of {_typeName} did not recover within {_settings.CallTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (sluice.state.sharded.call-timeout): check the journal, or raise the timeout.",
                cause);
        }
    }

    /// <summary>Stops the shard actors (they keep nothing that is not in the journal) and waits until they stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _system.WhenTerminated.IsCompleted) return;
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _system.ActorOf(Props.Create(() => new TerminationWatcher(_region, stopped)));
        }
        catch (InvalidOperationException)
        {
            return; // the actor system is terminating: it stops the region itself
        }

        _region.Tell(GracefulShutdown.Instance, this);
        await Task.WhenAny(stopped.Task, _system.WhenTerminated).ConfigureAwait(false);
    }

    void IActorRef.Tell(object message, IActorRef? sender)
    {
        switch (message)
        {
            case RowsDone<TIn, TOut> done:
                _lanes[done.Shard].OnDone(done);
                break;
            case ShardFailed failed:
                _lanes[failed.Shard].OnFailed(failed.Cause);
                break;
        }
    }

    private ShardLane<TKey, TIn, TOut> Lane(int shard)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)shard, (uint)_lanes.Length, nameof(shard));
        return _lanes[shard];
    }

    private void Send(int shard, ShardRows<TKey, TIn> batch) => _region.Tell(new ShardEnvelope(_entityIds[shard], batch), this);

    public override string ToString() => $"OperatorShards({_typeName})";

    /// <summary>Completes a task when an actor has stopped.</summary>
    private sealed class TerminationWatcher(IActorRef subject, TaskCompletionSource stopped) : ActorBase
    {
        protected override void PreStart() => Context.Watch(subject);

        protected override void Receive(object message)
        {
            if (message is Terminated)
            {
                stopped.TrySetResult();
                Context.Stop(Self);
            }
        }
    }
}
