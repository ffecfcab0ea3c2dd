using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Actors;
using Sluice.Graphs.Queries;
using Sluice.Host.Jobs;
using Sluice.Host.Metrics;
using Sluice.Host.Web;

namespace Sluice.Host.Hosting;

/// <summary>
/// The hosted service behind <see cref="SluiceServiceCollectionExtensions.AddSluice"/>. Start: actor system, metrics,
/// web UI, then every job. Stop: every query stops gracefully (it finishes its batch and checkpoints), then the UI,
/// then the actor system. A query that fails stops the host with exit code 1; when every query has ended (bounded
/// triggers such as AvailableNow, or <c>sluice stop</c>), the host stops too.
/// </summary>
public sealed partial class SluiceService : IHostedService, IAsyncDisposable
{
    private readonly SluiceOptions _options;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly QueryCatalog _catalog;
    private PrometheusExporter? _exporter;
    private QueryMetrics? _metrics;
    private WebUi? _ui;
    private ActorSystem? _system;
    private readonly List<ActorSystem> _jobSystems = [];
    private bool _allStarted;
    private int _stopRequested;

    /// <summary>Creates the service (the host's container does this).</summary>
    public SluiceService(SluiceOptions options, IHostApplicationLifetime? lifetime = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _lifetime = lifetime;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _log = _loggers.CreateLogger("Sluice.Host");
        _catalog = new QueryCatalog(Queries);
    }

    /// <summary>The queries the jobs started.</summary>
    public StreamingQueryManager Queries { get; } = new();

    /// <summary>The web UI, or null when it is disabled.</summary>
    public WebUi? Ui => _ui;

    /// <summary>Set when a query failed: the host's exit code should then be <see cref="ExitCodes.JobFailed"/>.</summary>
    public Exception? Failure { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var config = _options.Config;
        var settings = HostSettings.From(config);
        var catalog = JobCatalog.FromConfig(config);
        var jobs = settings.Jobs.Select(j => (j.Name, Job: catalog.Create(j.Type), j.Settings, j.Checkpoint)).ToList();

        // Before anything starts: a checkpoint database that cannot be reached, or refuses the login, is named with its setting;
        // so is a schema without its tables that the job may not create (create-schema = off).
        foreach (var job in jobs)
        {
            await job.Checkpoint.CheckReadyAsync(HostSettings.InitCommand(config, job.Name), cancellationToken).ConfigureAwait(false);
        }

        _system = ActorSystem.Create("sluice", WithJobJournal(config, settings), new ActorSystemSetup { LoggerFactory = _loggers });
        _exporter = new PrometheusExporter();
        _metrics = new QueryMetrics();
        Queries.AddListener(_metrics);
        Queries.AddListener(new FailureListener(this));
        if (settings.Ui.Port != 0)
        {
            _ui = await WebUi.StartAsync(settings.Ui, _catalog, _exporter, cancellationToken).ConfigureAwait(false);
            LogUi(_log, _ui.Address);
        }

        foreach (var (name, job, jobSettings, checkpoint) in jobs)
        {
            var system = _system;
            if (checkpoint.IsPostgres)
            {
                system = ActorSystem.Create(checkpoint.SystemName(), checkpoint.PersistenceConfig(config), new ActorSystemSetup { LoggerFactory = _loggers });
                _jobSystems.Add(system);
            }

            var context = new StreamJobContext(name, jobSettings, system, Queries, settings.DataDirectory, _options.Output) { Checkpoint = checkpoint };
            var query = await job.StartAsync(context, cancellationToken).ConfigureAwait(false);
            LogJobStarted(_log, name, job.Type, query.Id);
        }

        // Bounded jobs (Trigger.Once, AvailableNow) end by themselves: once every query has ended, so does the host. A host
        // without jobs (queries started by the application on Queries) is left alone.
        Volatile.Write(ref _allStarted, jobs.Count > 0);
        StopWhenAllEnded();
    }

    private void StopWhenAllEnded()
    {
        if (Volatile.Read(ref _allStarted) && Queries.Active.Count == 0 && Interlocked.Exchange(ref _stopRequested, 1) == 0)
        {
            LogAllEnded(_log);
            _lifetime?.StopApplication();
        }
    }

    /// <summary>
    /// A query's persistent state journals into its checkpoint directory, so that state and offsets are kept, moved and
    /// deleted together. On SQLite there is one journal file per actor system: with a single job checkpointed in the data
    /// directory and no explicit <c>sluice.persistence.data-directory</c>, the journal goes into that job's checkpoint folder.
    /// (A job checkpointed on PostgreSQL has an actor system of its own, journaling into its schema.)
    /// </summary>
    private static Actors.Configuration.Config WithJobJournal(Actors.Configuration.Config config, HostSettings settings)
    {
        var explicitlySet = config.GetOrigin("sluice.persistence.data-directory")?.Description != "reference.conf";
        var inDataDirectory = settings.Jobs.Where(j => !j.Checkpoint.IsPostgres).ToList();
        if (inDataDirectory.Count != 1 || explicitlySet)
        {
            return config;
        }

        var directory = inDataDirectory[0].Checkpoint.Directory!.Replace("\\", "\\\\", StringComparison.Ordinal);
        return Actors.Configuration.Config.Parse($"sluice.persistence.data-directory = \"{directory}\"", "sluice host (the job's checkpoint folder)")
            .WithFallback(config).Resolve();
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var query in Queries.Active)
        {
            LogStopping(_log, query);
            await query.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ui is { } ui)
        {
            _ui = null;
            await ui.DisposeAsync().ConfigureAwait(false);
        }

        _metrics?.Dispose();
        _exporter?.Dispose();
        foreach (var jobSystem in _jobSystems)
        {
            await jobSystem.Terminate().ConfigureAwait(false);
        }

        _jobSystems.Clear();
        if (_system is { } system)
        {
            _system = null;
            await system.Terminate().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Web UI at {Address}")]
    private static partial void LogUi(ILogger logger, Uri address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Name} ({Type}) started query {QueryId}")]
    private static partial void LogJobStarted(ILogger logger, string name, string type, Guid queryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping query {Query}: finishing the batch in flight and checkpointing")]
    private static partial void LogStopping(ILogger logger, StreamingQuery query);

    [LoggerMessage(Level = LogLevel.Information, Message = "Every query has ended; stopping the host")]
    private static partial void LogAllEnded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Query {Query} failed; stopping the host")]
    private static partial void LogFailed(ILogger logger, Exception exception, string query);

    private sealed class FailureListener(SluiceService service) : StreamingQueryListener
    {
        public override void OnQueryTerminated(StreamingQuery query, Exception? exception)
        {
            if (exception is null)
            {
                service.StopWhenAllEnded();
                return;
            }

            service.Failure ??= exception;
            LogFailed(service._log, exception, query.Name ?? query.Id.ToString());
            service._lifetime?.StopApplication();
        }
    }
}
