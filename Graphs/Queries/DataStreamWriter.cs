using Sluice.Graphs.Dsl;
using Sluice.Graphs.IO.Console;
using Sluice.Graphs.Queries.Execution;
using Sluice.Graphs.Queries.Plan;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries;

/// <summary>
/// Describes how a query writes its result (Spark's <c>DataStreamWriter</c>): output mode, trigger, name, checkpoint
/// location, clock, then a sink, which starts the query. Immutable: every call returns a new writer.
/// </summary>
/// <example>
/// <code>
/// var query = await words.GroupBy(w => w).Count()
///     .WriteStream().OutputMode(OutputMode.Complete).Trigger(Trigger.ProcessingTime(TimeSpan.FromSeconds(1)))
///     .QueryName("word-count").CheckpointLocation("word-count")
///     .StartAsync(new MemorySink&lt;(string, long)&gt;());
/// </code>
/// </example>
/// <typeparam name="T">The row type.</typeparam>
public sealed class DataStreamWriter<T>
{
    private readonly PlanNode<T> _plan;
    private readonly QuerySettings _settings;

    internal DataStreamWriter(PlanNode<T> plan, QuerySettings? settings = null)
    {
        _plan = plan;
        _settings = settings ?? new QuerySettings();
    }

    internal QuerySettings Settings => _settings;

    /// <summary>What is written after each batch (default Append).</summary>
    public DataStreamWriter<T> OutputMode(OutputMode mode) => With(_settings with { Mode = mode });

    /// <summary>When batches run (default <see cref="Queries.Trigger.Default"/>).</summary>
    public DataStreamWriter<T> Trigger(Trigger trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return With(_settings with { Trigger = trigger });
    }

    /// <summary>The query's name, in progress reports and the manager.</summary>
    public DataStreamWriter<T> QueryName(string name) => With(_settings with { Name = name });

    /// <summary>
    /// Where the query keeps its id, offset and commit logs: a query started again on the same location resumes at the
    /// next batch with the same id. A location that is a path (rooted, or containing a directory separator, e.g.
    /// <c>./checkpoints/word-count</c>) is a durable directory: the logs and the plan's fingerprint are kept in
    /// <c>checkpoint.db</c> (SQLite) there and survive the process; a query with stateful operators then needs
    /// <see cref="PersistentState"/> so that its state survives too. A plain name (<c>word-count</c>) keeps the
    /// checkpoint and state in memory for the life of the process. Without a location a query starts fresh every time.
    /// </summary>
    /// <remarks>
    /// On an existing directory the query must agree with the recorded fingerprint: the same sources (number and kind),
    /// the same stateful operators in the same order with the same key types, and the same number of shards. Filters,
    /// projections, sink options and triggers may change. A different query, or a damaged <c>checkpoint.db</c>, fails the
    /// start with a <see cref="StreamingQueryException"/> naming the difference or the damage; it never restarts from zero.
    /// </remarks>
    public DataStreamWriter<T> CheckpointLocation(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        return With(_settings with { CheckpointLocation = QuerySettings.IsDirectory(location) ? Path.GetFullPath(location) : location, PostgresCheckpoint = null });
    }

    /// <summary>
    /// Where the query keeps its durable checkpoint: <see cref="Queries.CheckpointLocation.Directory"/> (as a path given
    /// to <see cref="CheckpointLocation(string)"/>) or <see cref="Queries.CheckpointLocation.Postgres"/>, a PostgreSQL
    /// schema with the same logs, fingerprint check, damage detection and single-writer lock. A stateful query on a
    /// PostgreSQL schema keeps its state with <see cref="PersistentState"/> in the PostgreSQL journal of that schema.
    /// </summary>
    public DataStreamWriter<T> CheckpointLocation(CheckpointLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.PostgresLocation is { } postgres
            ? With(_settings with { CheckpointLocation = null, PostgresCheckpoint = postgres })
            : CheckpointLocation(location.DirectoryPath!);
    }

    /// <summary>
    /// Keeps the state of stateful operators in persistent shard actors of <paramref name="system"/> (one changelog event
    /// per shard and epoch, snapshots every few epochs), restored exactly to the last committed batch when the query
    /// starts again, in this process or a new one. Needs a durable checkpoint location, and the system's persistence
    /// configured to keep its journal with it: for a directory (<see cref="CheckpointLocation(string)"/>),
    /// <c>sluice.persistence.data-directory</c> = the checkpoint directory (with the default SQLite plugin), or
    /// <c>sluice.persistence.plugin = postgres</c>; for <see cref="Queries.CheckpointLocation.Postgres"/>,
    /// <c>sluice.persistence.plugin = postgres</c> with the checkpoint's database and <c>postgres.schema</c> = its schema.
    /// </summary>
    /// <param name="system">The actor system whose persistence holds the state.</param>
    public DataStreamWriter<T> PersistentState(Actors.ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return With(_settings with { PersistentStateSystem = system });
    }

    /// <summary>The processing clock of triggers, batch timestamps and idle timeouts (a manual clock in tests).</summary>
    public DataStreamWriter<T> Clock(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return With(_settings with { Clock = clock });
    }

    /// <summary>The manager the query registers with (default <see cref="StreamingQueryManager.Default"/>).</summary>
    public DataStreamWriter<T> Manager(StreamingQueryManager manager)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return With(_settings with { Manager = manager });
    }

    /// <summary>The materializer running the query's graph (default: one of its own, shut down when it stops).</summary>
    public DataStreamWriter<T> Materializer(Materializer materializer)
    {
        ArgumentNullException.ThrowIfNull(materializer);
        return With(_settings with { Materializer = materializer });
    }

    /// <summary>How many shards keyed state is spread over (default 8; fixed for a checkpoint).</summary>
    public DataStreamWriter<T> NumberOfShards(int shards) => With(_settings with { NumberOfShards = shards });

    /// <summary>How the global watermark is chosen over several inputs (default <see cref="WatermarkPolicy.Min"/>).</summary>
    public DataStreamWriter<T> MultipleWatermarkPolicy(WatermarkPolicy policy) => With(_settings with { WatermarkPolicy = policy });

    /// <summary>Where stateful operators' shards run (default: the sharded backend of <see cref="PersistentState"/>, else the local backend of a named checkpoint location).</summary>
    internal DataStreamWriter<T> StateBackend(IStateBackend backend) => With(_settings with { StateBackend = backend });

    /// <summary>Wraps the query's checkpoint store (fault injection in crash tests).</summary>
    internal DataStreamWriter<T> WrapCheckpointStore(Func<Queries.Checkpoints.ICheckpointStore, Queries.Checkpoints.ICheckpointStore> wrap) =>
        With(_settings with { WrapCheckpointStore = wrap });

    /// <summary>Starts the query writing to <paramref name="sink"/>; returns once it runs (state restored, graph materialized).</summary>
    /// <exception cref="StreamingQueryException">The query is invalid (output mode, trigger and sink), naming the fix; or it failed while starting.</exception>
    public async Task<StreamingQuery> StartAsync(QuerySink<T> sink)
    {
        var query = Start(sink);
        await Task.WhenAny(query.StartedTask, query.TerminationTask).ConfigureAwait(false);
        if (query.Exception is not null)
        {
            throw query.Exception;
        }

        return query;
    }

    /// <summary>Starts the query writing to <paramref name="sink"/> and returns at once (its <see cref="StreamingQuery.Id"/> is known once it runs).</summary>
    /// <exception cref="StreamingQueryException">The query is invalid (output mode, trigger and sink), naming the fix.</exception>
    public StreamingQuery Start(QuerySink<T> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        QueryExecution<T>.Validate(_plan, sink, _settings);
        var query = new StreamingQuery(_settings.Name);
        var execution = new QueryExecution<T>(_plan, sink, _settings, query);
        query.Attach(execution);
        _ = Task.Run(execution.RunAsync);
        return query;
    }

    /// <summary>Starts the query printing each batch as a table, like Spark's console sink.</summary>
    public Task<StreamingQuery> StartConsoleAsync(ConsoleSinkSettings? settings = null, TextWriter? output = null) =>
        StartAsync(new ConsoleQuerySink<T>(settings ?? ConsoleSinkSettings.Default, output));

    /// <summary>Starts the query calling <paramref name="handler"/> with each committed batch and its epoch id (Spark's foreachBatch).</summary>
    public Task<StreamingQuery> ForEachBatchAsync(Func<IReadOnlyList<T>, long, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return StartAsync(new ForEachBatchSink<T>(handler));
    }

    /// <summary>Starts the query calling <paramref name="handler"/> with each committed batch and its epoch id (Spark's foreachBatch).</summary>
    public Task<StreamingQuery> ForEachBatchAsync(Action<IReadOnlyList<T>, long> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return StartAsync(new ForEachBatchSink<T>((rows, epoch, _) =>
        {
            handler(rows, epoch);
            return ValueTask.CompletedTask;
        }));
    }

    /// <summary>
    /// Starts the query writing each epoch as a JSON-lines part file in <paramref name="directory"/>: staged, then committed
    /// by a rename and an entry in the directory's manifest (<c>_sluice_metadata</c>, compacted every 10 epochs). Read the
    /// output with <see cref="FileSinkManifest"/> or <see cref="DataStream.Files{T}"/>, which follow the manifest.
    /// </summary>
    public Task<StreamingQuery> StartFilesAsync(string directory) => StartFilesAsync(directory, FileSinkOptions.Default);

    /// <summary>Starts the query writing JSON-lines part files in <paramref name="directory"/>, its manifest kept as <paramref name="options"/> say.</summary>
    public Task<StreamingQuery> StartFilesAsync(string directory, FileSinkOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        return StartAsync(new FileQuerySink<T>(directory, options));
    }

    /// <summary>
    /// Starts the query writing each epoch's rows into a SQLite or PostgreSQL table, exactly once: upserted by key in
    /// Update and Complete mode, inserted in Append mode; in the checkpoint's own transaction when the table is in the
    /// checkpoint's database (see <see cref="Sinks.Sql.SqlSinkOptions{T}"/>).
    /// </summary>
    /// <exception cref="StreamingQueryException">The options are unusable, or the query is invalid, naming the fix.</exception>
    public Task<StreamingQuery> StartSqlAsync(Sinks.Sql.SqlSinkOptions<T> options) => StartAsync(new Sinks.Sql.SqlQuerySink<T>(options));

    /// <summary>Starts the query feeding its committed rows into a stream sink.</summary>
    public Task<StreamingQuery> StartAsync<TMat>(Sink<T, TMat> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var materializer = _settings.Materializer ?? Graphs.Materializer.Create(new MaterializerSettings { TimeProvider = _settings.Clock });
        return StartAsync(new StreamQuerySink<T, TMat>(sink, materializer));
    }

    private DataStreamWriter<T> With(QuerySettings settings) => new(_plan, settings);
}
