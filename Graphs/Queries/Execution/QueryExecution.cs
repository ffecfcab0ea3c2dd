using System.Diagnostics;
using System.Threading.Channels;
using Sluice.Graphs.Dsl;
using Sluice.Graphs.Queries.Checkpoints;
using Sluice.Graphs.Queries.Plan;
using Sluice.Graphs.Queries.Progress;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Execution;

/*
 * The coordinator of one query: a single-threaded async loop driven by the trigger clock. Why not an actor: epochs of
 * a micro-batch query are strictly sequential (plan, run, commit, then the next), every step is an await on a source,
 * the sink stage or the checkpoint store, and the manual clock of the TestKit must be able to tell exactly when the
 * loop waits for the next trigger. One async method says that protocol top to bottom; issue 6 persists its decisions
 * through ICheckpointStore, which is where an actor's persistence would have gone.
 *
 * One epoch: ask each source for its latest offset (latestOffset), write the offset log entry (walCommit), tell each
 * source stage: epoch start (carrying the EpochFacts), the rows of [committed, latest) (getBatch), barrier N; wait for
 * the sink stage to report barrier N with the epoch's rows (addBatch), pre-commit them to the sink, compute the next
 * watermark from the event-time statistics the watermark stages recorded, write the commit log entry, commit the sink,
 * the operators and the sources (commitOffsets), record progress. Continuous mode runs the same epoch, but the rows
 * go to the sources as they arrive and the barrier is sent when the checkpoint interval has passed.
 */

/// <summary>Runs one streaming query: the coordinator loop, its graph and its checkpoint.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "The stop token source lives as long as the query; it is never disposed because Stop may be called after the query ended. The checkpoint store is disposed when the query ends.")]
internal sealed class QueryExecution<T> : IQueryControl
{
    private readonly PlanNode<T> _plan;
    private readonly QuerySink<T> _sink;
    private readonly QuerySettings _settings;
    private readonly StreamingQuery _query;
    private readonly TimeProvider _clock;
    private readonly Signal _wake = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _stateGate = new();
    private readonly SemaphoreSlim _planning = new(1, 1); // held while reading latest offsets; tests hold it to add data to several sources atomically
    private readonly List<IStatefulPlanNode> _stateful;
    private readonly List<bool> _statefulHasWatermark;
    private readonly ICheckpointStore _checkpoint;
    private readonly IStateBackend _backend;
    private IDisposable? _ownCheckpoint; // holds the checkpoint's lock until the query ends
    private ICommitParticipant? _commitParticipant; // a sink sharing the checkpoint's database: writes in the commit transaction
    private TaskCompletionSource _stateChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _iteration;
    private long _waitedIteration = -1;
    private long _waitingForMs = -1; // -1: running; long.MaxValue: waiting for data only
    private QueryCompiler _compiler = null!;
    private ChannelReader<EpochOutput<T>> _epochs = null!;
    private Materializer? _ownMaterializer;
    private WatermarkTracker _watermarks = null!;
    private QuerySourceContext _sourceContext = null!;
    private long[] _committed = [];
    private long[] _latest = [];
    private long _nextBatchId;
    private long _previousWatermarkMs;
    private bool _watermarkRaised;
    private long _lastTriggerMs = -1;
    private const long PollingDelayMs = 10;
    private readonly bool _hasProcessingTimeTimeouts;
    private long _queryPlanningMs;

    public QueryExecution(PlanNode<T> plan, QuerySink<T> sink, QuerySettings settings, StreamingQuery query)
    {
        _plan = plan;
        _sink = sink;
        _settings = settings;
        _query = query;
        _clock = settings.Clock;
        var nodes = QueryCompiler.StatefulNodes(plan);
        _stateful = nodes.Select(n => n.Stateful!).ToList();
        _statefulHasWatermark = nodes.Select(QueryCompiler.HasWatermarkAbove).ToList();
        _hasProcessingTimeTimeouts = _stateful.Any(s => s.HasProcessingTimeTimeout);
        if (settings.HasDirectoryCheckpoint)
        {
            string? stateFile = null;
            if (settings.PersistentStateSystem is { } persistent && Persistence.PersistenceSettings.From(persistent.Config) is { Plugin: Persistence.PersistencePlugin.Sqlite } persistence)
            {
                stateFile = persistence.Sqlite.FilePath;
            }

            _checkpoint = settings.CheckpointStore ?? Own(new SqliteCheckpointStore(settings.CheckpointLocation!, Fingerprint(plan, nodes, settings.NumberOfShards), stateFile));
            _backend = settings.StateBackend
                ?? (settings.PersistentStateSystem is { } system ? State.Sharded.ShardedStateBackend.Create(system) : new LocalStateBackend());
        }
        else if (settings.PostgresCheckpoint is { } postgres)
        {
            _checkpoint = settings.CheckpointStore
                ?? Own(new PostgresCheckpointStore(postgres, Fingerprint(plan, nodes, settings.NumberOfShards), stateInSchema: settings.PersistentStateSystem is not null));
            _backend = settings.StateBackend
                ?? (settings.PersistentStateSystem is { } system ? State.Sharded.ShardedStateBackend.Create(system) : new LocalStateBackend());
        }
        else
        {
            var location = settings.CheckpointLocation is null ? MemoryCheckpointStore.Temporary() : MemoryCheckpointStore.For(settings.CheckpointLocation);
            _checkpoint = settings.CheckpointStore ?? location;
            _backend = settings.StateBackend ?? location.Backend;
        }

        if (settings.WrapCheckpointStore is { } wrap)
        {
            _checkpoint = wrap(_checkpoint);
        }
    }

    private TStore Own<TStore>(TStore store)
        where TStore : IDisposable
    {
        _ownCheckpoint = store;
        return store;
    }

    /// <summary>What a checkpoint records of this plan: sources in compile order, stateful operators in plan order, shards.</summary>
    private static CheckpointMetadata Fingerprint(PlanNode plan, List<PlanNode> statefulNodes, int shards)
    {
        var sources = new List<string>();
        Visit(plan);
        return new CheckpointMetadata(
            sources,
            statefulNodes.Select(n => n.Stateful!.OperatorName + ": " + CheckpointMetadata.TypeName(n.Stateful.KeyType)).ToList(),
            shards);

        void Visit(PlanNode node)
        {
            if (node.SourceKind is { } kind)
            {
                sources.Add(kind);
            }

            foreach (var input in node.Inputs)
            {
                Visit(input);
            }
        }
    }

    public long CurrentWatermarkMs => _watermarks?.GlobalMs ?? 0;

    public IReadOnlyList<ShardStateReport> ShardStates =>
        _compiler is { } compiler ? [.. compiler.Operators.ToArray().SelectMany(o => o?.Shards is IShardStates s ? s.ShardStates : [])] : [];

    public bool IsDataAvailable { get; private set; }

    public bool IsTriggerActive { get; private set; }

    public string StatusMessage { get; private set; } = "Initializing sources";

    /// <summary>Refuses a query that cannot run, naming the fix (Spark's UnsupportedOperationChecker, in brief).</summary>
    public static void Validate(PlanNode<T> plan, QuerySink<T> sink, QuerySettings settings)
    {
        var errors = new List<string>();
        var nodes = QueryCompiler.StatefulNodes(plan);
        foreach (var node in nodes)
        {
            var message = node.Stateful!.CheckOutputMode(settings.Mode, QueryCompiler.HasWatermarkAbove(node));
            if (message is not null)
            {
                errors.Add($"Operator '{node.Stateful.OperatorName}': {message}");
            }
        }

        if (nodes.Count == 0 && settings.Mode == OutputMode.Complete)
        {
            errors.Add("Complete output mode is not supported when there are no stateful operators (aggregations): use Append or Update.");
        }

        if (settings.Trigger.Kind == TriggerKind.Continuous && settings.Mode == OutputMode.Complete)
        {
            errors.Add("The Continuous trigger does not support Complete output mode: use Update, or a micro-batch trigger.");
        }

        if (sink.Check(settings.Mode, settings.Trigger) is { } sinkMessage)
        {
            errors.Add($"Sink '{sink.Description}': {sinkMessage}");
        }

        CheckStateDurability(nodes.Count > 0, settings, errors);
        if (settings.NumberOfShards <= 0)
        {
            errors.Add($"The number of shards is {settings.NumberOfShards}: give at least 1.");
        }

        if (errors.Count > 0)
        {
            throw new StreamingQueryException($"Query '{settings.Name ?? "(unnamed)"}' cannot start: " + string.Join(" ", errors));
        }
    }

    /// <summary>A durable checkpoint needs durable state, kept beside it: refuse what would silently lose or split it.</summary>
    private static void CheckStateDurability(bool stateful, QuerySettings settings, List<string> errors)
    {
        if (settings.PostgresCheckpoint is { } postgres)
        {
            PostgresCheckpointStore.CheckStateDurability(postgres, stateful && settings.StateBackend is null, settings.PersistentStateSystem, errors);
            return;
        }

        if (settings.PersistentStateSystem is not { } system)
        {
            if (stateful && settings.HasDirectoryCheckpoint && settings.StateBackend is null)
            {
                errors.Add(
                    $"The checkpoint '{settings.CheckpointLocation}' is a directory, which survives the process, but the state of the stateful operators would be kept in memory and lost: " +
                    "call PersistentState(actorSystem) on the writer, or use a checkpoint name instead of a path to keep everything in memory.");
            }

            return;
        }

        if (!settings.HasDirectoryCheckpoint)
        {
            errors.Add("PersistentState needs a checkpoint directory (CheckpointLocation with a path such as \"./checkpoints/my-query\"): the state and the offsets it matches are recovered together.");
            return;
        }

        var persistence = Persistence.PersistenceSettings.From(system.Config);
        if (persistence.Plugin == Persistence.PersistencePlugin.Memory)
        {
            errors.Add($"PersistentState: actor system {system.Name} keeps its journal in memory (sluice.persistence.plugin = memory), which does not survive the process: use sqlite with data-directory = \"{settings.CheckpointLocation}\", or postgres.");
        }
        else if (persistence.Plugin == Persistence.PersistencePlugin.Sqlite
            && !string.Equals(Path.GetFullPath(persistence.Sqlite.DataDirectory).TrimEnd(Path.DirectorySeparatorChar), settings.CheckpointLocation!.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
        {
            errors.Add(
                $"PersistentState: actor system {system.Name} keeps its SQLite journal in '{Path.GetFullPath(persistence.Sqlite.DataDirectory)}', not in the checkpoint directory '{settings.CheckpointLocation}'; " +
                $"state and checkpoint must be kept (and backed up, moved, deleted) together: set sluice.persistence.data-directory = \"{settings.CheckpointLocation}\".");
        }
    }

    public void Wake() => _wake.Set();

    /// <summary>Keeps the coordinator from reading source offsets until the returned handle is disposed.</summary>
    public async Task<IDisposable> HoldPlanningAsync(CancellationToken cancellationToken)
    {
        await _planning.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_planning);
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }

    public void RequestStop()
    {
        _stop.Cancel();
        _wake.Set();
    }

    /// <summary>Completes when the loop waits (for data or for a trigger later than now) in an iteration started after this call, or the query ended.</summary>
    public async Task WaitUntilIdleAsync(CancellationToken cancellationToken)
    {
        long requested;
        lock (_stateGate)
        {
            requested = _iteration + 1;
        }

        _wake.Set();
        while (true)
        {
            Task changed;
            lock (_stateGate)
            {
                if (_query.IsTerminated)
                {
                    return;
                }

                var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
                if (_waitingForMs >= 0 && _waitedIteration >= requested && _waitingForMs > now)
                {
                    return;
                }

                changed = _stateChanged.Task;
            }

            await Task.WhenAny(changed, _query.TerminationTask).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task RunAsync()
    {
        try
        {
            await StartAsync().ConfigureAwait(false);
            _settings.Manager.Started(_query);
            _query.MarkStarted();
            await LoopAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _query.Fail(e is StreamingQueryException or CheckpointException ? e : new StreamingQueryException($"Query '{_settings.Name ?? _query.Id.ToString()}' failed: {Unwrap(e).Message}", Unwrap(e)));
        }
        finally
        {
            await ShutdownAsync().ConfigureAwait(false);
        }
    }

    private static Exception Unwrap(Exception e) => e is ChannelClosedException { InnerException: { } inner } ? Unwrap(inner) : e;

    private async Task StartAsync()
    {
        var planning = Stopwatch.StartNew();
        var token = _stop.Token;
        var state = await _checkpoint.LoadAsync(token).ConfigureAwait(false);
        _query.SetId(state.QueryId);
        _commitParticipant = _sink is ICommitParticipant participant && participant.Attach(state.QueryId, _checkpoint.Database) ? participant : null;
        var committedBatch = state.LastCommit?.BatchId ?? -1;
        _compiler = new QueryCompiler(_backend, state.QueryId.ToString("N"), _settings.NumberOfShards);
        await _compiler.StartOperatorsAsync(_plan, committedBatch, token).ConfigureAwait(false);
        var channel = Channel.CreateUnbounded<EpochOutput<T>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _epochs = _settings.Trigger.Kind == TriggerKind.Continuous ? StartChunkWriter(channel.Reader) : channel.Reader;
        var graph = _plan.Compile(_compiler).To(Sink.FromGraph(new QuerySinkStage<T>(channel.Writer, _sink.NeedsEpochRowsInContinuousMode, _sink.StagesRowsInChunks)));
        var materializer = _settings.Materializer ?? (_ownMaterializer = Materializer.Create(new MaterializerSettings { TimeProvider = _clock }));
        graph.Run(materializer);

        _committed = new long[_compiler.Sources.Count];
        _latest = new long[_compiler.Sources.Count];
        _watermarks = new WatermarkTracker(_compiler.WatermarkInputs, _settings.WatermarkPolicy, NowMs());
        _sourceContext = new QuerySourceContext(_clock, Wake);
        foreach (var source in _compiler.Sources)
        {
            source.Open(_sourceContext);
            await source.RestoreAsync(_checkpoint, token).ConfigureAwait(false);
        }

        if (committedBatch >= 0)
        {
            // The commit log says C is done: finish the sink's commit of C if the last run stopped before it (idempotent).
            await _sink.CommitAsync(committedBatch, _settings.Mode, token).ConfigureAwait(false);
        }

        await _sink.AbortAfterAsync(committedBatch, token).ConfigureAwait(false);
        if (committedBatch >= 0)
        {
            var entry = await _checkpoint.GetOffsetsAsync(committedBatch, token).ConfigureAwait(false)
                ?? throw new CheckpointException($"The checkpoint of query {state.QueryId} commits batch {committedBatch} but has no offsets for it: the checkpoint is damaged.");
            CheckSourceCount(entry);
            _committed = [.. entry.EndOffsets];
            _watermarks.Restore(state.LastCommit!.NextWatermarkMs);
            _previousWatermarkMs = entry.WatermarkMs;
            _watermarkRaised = state.LastCommit.NextWatermarkMs > entry.WatermarkMs;
        }

        _nextBatchId = committedBatch + 1;
        _queryPlanningMs = planning.ElapsedMilliseconds;
        if (state.LastOffsets is { } planned && planned.BatchId > committedBatch)
        {
            // Planned but not committed: run it again with exactly the logged offsets and facts.
            CheckSourceCount(planned);
            await RunEpochAsync(planned, new Dictionary<string, long>(), Stopwatch.StartNew()).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Continuous mode: writes each chunk of rows to the sink as the sink stage hands it on, recording the rows'
    /// latencies, and passes the epochs' outputs on to the coordinator in order, after their chunks were written.
    /// </summary>
    private ChannelReader<EpochOutput<T>> StartChunkWriter(ChannelReader<EpochOutput<T>> produced)
    {
        var epochs = Channel.CreateUnbounded<EpochOutput<T>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _ = Task.Run(async () =>
        {
            var latency = new LatencyRecorder();
            try
            {
                while (await produced.WaitToReadAsync().ConfigureAwait(false))
                {
                    while (produced.TryRead(out var output))
                    {
                        if (output.IsChunk)
                        {
                            latency.Record(output.IngressTicks, output.Rows.Count);
                            await _sink.WriteContinuousAsync(output.Epoch.EpochId, output.Rows, CancellationToken.None).ConfigureAwait(false);
                            continue;
                        }

                        output.Latency = latency;
                        latency = new LatencyRecorder();
                        epochs.Writer.TryWrite(output);
                    }
                }

                epochs.Writer.TryComplete();
            }
            catch (Exception e)
            {
                epochs.Writer.TryComplete(e);
            }
        });
        return epochs.Reader;
    }

    private void CheckSourceCount(OffsetLogEntry entry)
    {
        if (entry.EndOffsets.Length != _committed.Length)
        {
            throw new CheckpointException(
                $"The checkpoint has offsets for {entry.EndOffsets.Length} sources and the query reads {_committed.Length}: start a query with a different source list on a new checkpoint location.");
        }
    }

    private async Task LoopAsync()
    {
        var trigger = _settings.Trigger;
        switch (trigger.Kind)
        {
            case TriggerKind.Once:
                await TryRunBatchAsync(applyLimits: false, targets: null, allowNoData: false).ConfigureAwait(false);
                return;
            case TriggerKind.AvailableNow:
                await RunAvailableNowAsync().ConfigureAwait(false);
                return;
            case TriggerKind.Continuous:
                await RunContinuousAsync().ConfigureAwait(false);
                return;
        }

        var interval = (long)trigger.Interval.TotalMilliseconds;
        var nextTrigger = NowMs();
        while (!_stop.IsCancellationRequested)
        {
            BeginIteration();
            var now = NowMs();
            if (interval > 0)
            {
                if (now >= nextTrigger)
                {
                    await TryRunBatchAsync(applyLimits: true, targets: null, allowNoData: true).ConfigureAwait(false);

                    // As Spark's ProcessingTimeExecutor: the next trigger is the interval boundary after this trigger's
                    // start, so a batch that ran past it is followed at once instead of waiting for a further boundary.
                    nextTrigger = ((now / interval) + 1) * interval;
                    continue;
                }

                await WaitAsync(nextTrigger).ConfigureAwait(false);
                continue;
            }

            if (await TryRunBatchAsync(applyLimits: true, targets: null, allowNoData: true).ConfigureAwait(false))
            {
                continue;
            }

            var wakeAt = _watermarks.NextIdleDeadlineMs(NowMs()) ?? long.MaxValue;
            if (_hasProcessingTimeTimeouts)
            {
                wakeAt = Math.Min(wakeAt, _lastTriggerMs + PollingDelayMs);
            }

            await WaitAsync(wakeAt).ConfigureAwait(false);
        }
    }

    private async Task RunAvailableNowAsync()
    {
        var targets = new long[_committed.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = await _compiler.Sources[i].LatestOffsetAsync(_committed[i], applyLimits: false, _stop.Token).ConfigureAwait(false);
        }

        while (!_stop.IsCancellationRequested && Enumerable.Range(0, targets.Length).Any(i => _committed[i] < targets[i]))
        {
            BeginIteration();
            if (!await TryRunBatchAsync(applyLimits: true, targets, allowNoData: false).ConfigureAwait(false))
            {
                break;
            }
        }

        if (!_stop.IsCancellationRequested && NeedsNoDataBatch())
        {
            await TryRunBatchAsync(applyLimits: true, targets, allowNoData: true).ConfigureAwait(false);
        }
    }

    private async Task RunContinuousAsync()
    {
        var interval = (long)_settings.Trigger.Interval.TotalMilliseconds;
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            var timer = Stopwatch.StartNew();
            var durations = new Dictionary<string, long>();
            var start = NowMs();
            var facts = NewFacts(_nextBatchId, start, isNoData: false);
            var emitted = (long[])_committed.Clone();
            foreach (var source in _compiler.Sources)
            {
                source.StartEpoch(facts);
            }

            var deadline = start + interval;
            while (!token.IsCancellationRequested)
            {
                BeginIteration();
                await _planning.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    for (var i = 0; i < emitted.Length; i++)
                    {
                        var ingress = Stopwatch.GetTimestamp(); // the rows enter the query when the coordinator sees them
                        var latest = await _compiler.Sources[i].LatestOffsetAsync(emitted[i], applyLimits: false, token).ConfigureAwait(false);
                        if (latest > emitted[i])
                        {
                            await _compiler.Sources[i].EmitAsync(emitted[i], latest, token).ConfigureAwait(false);
                            _compiler.Sources[i].Flush(facts, ingress);
                            emitted[i] = latest;
                        }
                    }
                }
                finally
                {
                    _planning.Release();
                }

                if (NowMs() >= deadline)
                {
                    break;
                }

                await WaitAsync(deadline).ConfigureAwait(false);
            }

            var entry = new OffsetLogEntry(facts.EpochId, [.. _committed], emitted, facts.WatermarkMs, facts.PreviousWatermarkMs, facts.BatchTimestampMs, false);
            await _checkpoint.WriteOffsetsAsync(entry, CancellationToken.None).ConfigureAwait(false);
            _latest = emitted;
            foreach (var source in _compiler.Sources)
            {
                source.Barrier(facts);
            }

            await CompleteEpochAsync(entry, facts, durations, timer).ConfigureAwait(false);
        }
    }

    private void BeginIteration()
    {
        lock (_stateGate)
        {
            _iteration++;
        }
    }

    private async Task WaitAsync(long untilMs)
    {
        lock (_stateGate)
        {
            _waitingForMs = untilMs;
            _waitedIteration = _iteration;
            StatusMessage = untilMs == long.MaxValue ? "Waiting for data to arrive" : "Waiting for next trigger";
            SignalStateChanged();
        }

        var wake = _wake.WaitAsync();
        var now = NowMs();
        if (untilMs == long.MaxValue)
        {
            await wake.ConfigureAwait(false);
        }
        else if (untilMs > now)
        {
            using var cancel = new CancellationTokenSource();
            var delay = Task.Delay(TimeSpan.FromMilliseconds(untilMs - now), _clock, cancel.Token);
            await Task.WhenAny(wake, delay).ConfigureAwait(false);
            await cancel.CancelAsync().ConfigureAwait(false);
        }

        lock (_stateGate)
        {
            _waitingForMs = -1;
            SignalStateChanged();
        }
    }

    private void SignalStateChanged()
    {
        var changed = _stateChanged;
        _stateChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private long NowMs() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private bool NeedsNoDataBatch()
    {
        // A processing-time timeout makes every trigger run a batch. With the default trigger, "every trigger" would be
        // a busy loop: run one only when the clock moved PollingDelayMs past the last batch (a batch at the same
        // timestamp cannot fire a new timeout), as Spark's polling delay paces its idle loop.
        if (_hasProcessingTimeTimeouts && (_settings.Trigger.Kind != TriggerKind.Default || NowMs() >= _lastTriggerMs + PollingDelayMs))
        {
            return true;
        }

        if (!_watermarkRaised)
        {
            return false;
        }

        for (var i = 0; i < _stateful.Count; i++)
        {
            if (_stateful[i].NeedsNoDataBatch(_settings.Mode, _statefulHasWatermark[i]))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<bool> TryRunBatchAsync(bool applyLimits, long[]? targets, bool allowNoData)
    {
        var timer = Stopwatch.StartNew();
        var durations = new Dictionary<string, long>();
        var token = _stop.Token;
        var now = NowMs();
        var hasData = false;
        await _planning.WaitAsync(token).ConfigureAwait(false);
        try
        {
            for (var i = 0; i < _committed.Length; i++)
            {
                var latest = await _compiler.Sources[i].LatestOffsetAsync(_committed[i], applyLimits, token).ConfigureAwait(false);
                if (targets is not null)
                {
                    latest = Math.Min(latest, targets[i]);
                }

                _latest[i] = Math.Max(latest, _committed[i]);
                hasData |= _latest[i] > _committed[i];
            }
        }
        finally
        {
            _planning.Release();
        }

        durations["latestOffset"] = timer.ElapsedMilliseconds;
        IsDataAvailable = hasData;
        if (_watermarks.Recompute(now))
        {
            _watermarkRaised = true; // an idle input advanced the watermark
        }

        var noData = !hasData && allowNoData && NeedsNoDataBatch();
        if (!hasData && !noData)
        {
            _settings.Manager.Notify(l => l.OnQueryIdle(_query));
            return false;
        }

        var entry = new OffsetLogEntry(_nextBatchId, [.. _committed], [.. _latest], _watermarks.GlobalMs, _previousWatermarkMs, now, !hasData);
        var wal = Stopwatch.StartNew();
        await _checkpoint.WriteOffsetsAsync(entry, token).ConfigureAwait(false);
        durations["walCommit"] = wal.ElapsedMilliseconds;
        await RunEpochAsync(entry, durations, timer).ConfigureAwait(false);
        return true;
    }

    private EpochFacts NewFacts(long epochId, long batchTimestampMs, bool isNoData) =>
        new(epochId, batchTimestampMs, _watermarks.GlobalMs, _previousWatermarkMs, _settings.Mode, isNoData,
            new QueryLayout(_compiler.Sources.Count, _compiler.WatermarkInputs.Count, _compiler.Operators.Count))
        {
            IsContinuous = _settings.Trigger.Kind == TriggerKind.Continuous,
        };

    private async Task RunEpochAsync(OffsetLogEntry entry, Dictionary<string, long> durations, Stopwatch timer)
    {
        IsTriggerActive = true;
        StatusMessage = entry.IsNoDataBatch ? "Processing a no-data batch" : "Processing new data";
        var facts = new EpochFacts(entry.BatchId, entry.BatchTimestampMs, entry.WatermarkMs, entry.PreviousWatermarkMs, _settings.Mode, entry.IsNoDataBatch,
            new QueryLayout(_compiler.Sources.Count, _compiler.WatermarkInputs.Count, _compiler.Operators.Count));
        var getBatch = Stopwatch.StartNew();
        for (var i = 0; i < _compiler.Sources.Count; i++)
        {
            var source = _compiler.Sources[i];
            source.StartEpoch(facts);
            await source.EmitAsync(entry.StartOffsets[i], entry.EndOffsets[i], CancellationToken.None).ConfigureAwait(false);
            source.Barrier(facts);
        }

        durations["getBatch"] = getBatch.ElapsedMilliseconds;
        _latest = [.. entry.EndOffsets];
        await CompleteEpochAsync(entry, facts, durations, timer).ConfigureAwait(false);
    }

    /// <summary>Waits for barrier N at the sink, then pre-commits, logs the commit, commits and reports progress.</summary>
    private async Task CompleteEpochAsync(OffsetLogEntry entry, EpochFacts facts, Dictionary<string, long> durations, Stopwatch timer)
    {
        var addBatch = Stopwatch.StartNew();
        var output = await _epochs.ReadAsync(CancellationToken.None).ConfigureAwait(false);
        while (output.IsStaged)
        {
            // A sink that stages in chunks takes them while the epoch runs (the epoch's own output counts them all).
            await _sink.StageAsync(output.Epoch.EpochId, output.Rows, CancellationToken.None).ConfigureAwait(false);
            output = await _epochs.ReadAsync(CancellationToken.None).ConfigureAwait(false);
        }

        if (output.Epoch.EpochId != entry.BatchId)
        {
            throw new StreamingQueryException($"The sink reported epoch {output.Epoch.EpochId} while the coordinator waited for {entry.BatchId}.");
        }

        await _sink.PreCommitAsync(entry.BatchId, output.Rows, _settings.Mode, CancellationToken.None).ConfigureAwait(false);
        durations["addBatch"] = addBatch.ElapsedMilliseconds;

        var commit = Stopwatch.StartNew();
        var now = NowMs();
        _watermarkRaised = _watermarks.Update(facts.EventTimes, now);
        var commitEntry = new CommitLogEntry(entry.BatchId, _watermarks.GlobalMs);
        await (_commitParticipant is { } participant
            ? _checkpoint.WriteCommitAsync(commitEntry, participant, CancellationToken.None) // the sink's rows commit with the entry
            : _checkpoint.WriteCommitAsync(commitEntry, CancellationToken.None)).ConfigureAwait(false);
        await _sink.CommitAsync(entry.BatchId, _settings.Mode, CancellationToken.None).ConfigureAwait(false);
        foreach (var op in _compiler.Operators)
        {
            await op.Commit(entry.BatchId).ConfigureAwait(false);
        }

        for (var i = 0; i < _compiler.Sources.Count; i++)
        {
            await _compiler.Sources[i].CommitAsync(entry.EndOffsets[i], CancellationToken.None).ConfigureAwait(false);
        }

        durations["commitOffsets"] = commit.ElapsedMilliseconds;
        _committed = [.. entry.EndOffsets];
        _previousWatermarkMs = entry.WatermarkMs;
        _nextBatchId = entry.BatchId + 1;
        durations["queryPlanning"] = _queryPlanningMs;
        _queryPlanningMs = 0;
        durations["triggerExecution"] = timer.ElapsedMilliseconds;
        IsTriggerActive = false;
        var progress = Report(entry, facts, output, durations, now);
        _query.AddProgress(progress, _settings.ProgressRetention);
        _settings.Manager.Notify(l => l.OnQueryProgress(_query, progress));
    }

    private StreamingQueryProgress Report(OffsetLogEntry entry, EpochFacts facts, EpochOutput<T> output, Dictionary<string, long> durations, long nowMs)
    {
        var inputRows = facts.SourceRows.Sum();
        var sinceLastTrigger = _lastTriggerMs < 0 ? 0 : (entry.BatchTimestampMs - _lastTriggerMs) / 1000.0;
        _lastTriggerMs = entry.BatchTimestampMs;
        var processingSeconds = durations["triggerExecution"] / 1000.0;
        double PerSecond(long rows, double seconds) => seconds > 0 ? rows / seconds : 0;

        var eventTime = new Dictionary<string, string>();
        if (_compiler.WatermarkInputs.Count > 0)
        {
            long count = 0, min = long.MaxValue, max = long.MinValue;
            double sum = 0;
            foreach (var stats in facts.EventTimes)
            {
                if (stats.Count == 0)
                {
                    continue;
                }

                count += stats.Count;
                sum += stats.Sum;
                min = Math.Min(min, stats.Min);
                max = Math.Max(max, stats.Max);
            }

            if (count > 0)
            {
                eventTime["min"] = Iso(min);
                eventTime["max"] = Iso(max);
                eventTime["avg"] = Iso((long)Math.Round(sum / count));
            }

            eventTime["watermark"] = Iso(entry.WatermarkMs);
        }

        var sources = new List<SourceProgress>();
        for (var i = 0; i < _compiler.Sources.Count; i++)
        {
            var rows = facts.SourceRows[i];
            sources.Add(new SourceProgress(
                _compiler.Sources[i].Description,
                entry.BatchId == 0 && entry.StartOffsets[i] == 0 ? null : entry.StartOffsets[i].ToString(System.Globalization.CultureInfo.InvariantCulture),
                entry.EndOffsets[i].ToString(System.Globalization.CultureInfo.InvariantCulture),
                _latest[i].ToString(System.Globalization.CultureInfo.InvariantCulture),
                rows,
                PerSecond(rows, sinceLastTrigger),
                PerSecond(rows, processingSeconds)));
        }

        return new StreamingQueryProgress
        {
            Id = _query.Id,
            RunId = _query.RunId,
            Name = _settings.Name,
            Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(entry.BatchTimestampMs),
            BatchId = entry.BatchId,
            NumInputRows = inputRows,
            InputRowsPerSecond = PerSecond(inputRows, sinceLastTrigger),
            ProcessedRowsPerSecond = PerSecond(inputRows, processingSeconds),
            DurationMs = durations,
            EventTime = eventTime,
            StateOperators = facts.Operators.Select(o => new StateOperatorProgress(
                o.Name, o.NumRowsTotal, o.NumRowsUpdated, o.NumRowsRemoved, o.NumRowsDroppedByWatermark, o.MemoryUsedBytes, o.NumShards)).ToList(),
            Sources = sources,
            Sink = new SinkProgress(_sink.Description, output.NumRows),
            LatencyMs = output.Latency?.Percentiles() ?? BatchLatency(output.NumRows, durations["triggerExecution"]),
        };
    }

    /// <summary>Micro-batch mode: every row of the batch entered when the batch read it and reached the sink at its commit.</summary>
    private static Dictionary<string, double> BatchLatency(int rows, double triggerExecutionMs) =>
        rows == 0 ? [] : new Dictionary<string, double> { ["p50"] = triggerExecutionMs, ["p99"] = triggerExecutionMs, ["max"] = triggerExecutionMs };

    private static string Iso(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private async Task ShutdownAsync()
    {
        try
        {
            if (_compiler is not null)
            {
                foreach (var source in _compiler.Sources)
                {
                    try
                    {
                        source.Stop();
                        source.Close(_sourceContext);
                    }
                    catch (InvalidOperationException)
                    {
                        // never materialized
                    }
                }

                foreach (var op in _compiler.Operators)
                {
                    await op.Disposable.DisposeAsync().ConfigureAwait(false);
                }
            }

            _ownMaterializer?.Dispose();
            _ownCheckpoint?.Dispose();
        }
        finally
        {
            lock (_stateGate)
            {
                StatusMessage = "Stopped";
                IsTriggerActive = false;
            }

            _query.Terminate();
            _settings.Manager.Terminated(_query);
            lock (_stateGate)
            {
                SignalStateChanged();
            }
        }
    }
}
