using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Actors.Configuration;
using Sluice.Actors.Dispatch;
using Sluice.Actors.Events;
using Sluice.Actors.Logging;
using Sluice.Actors.Runtime;
using Sluice.Actors.Scheduling;
using Sluice.Actors.Supervision;

namespace Sluice.Actors;

/// <summary>
/// A named hierarchy of actors with its configuration, scheduler, event stream and dead letters.
/// Top-level actors created with <see cref="ActorOf"/> live under <c>/user</c>.
/// </summary>
/// <example><code>
/// var system = ActorSystem.Create("orders");
/// var counter = system.ActorOf(Props.Create&lt;Counter&gt;(), "counter");
/// var n = await counter.Ask&lt;int&gt;(new GetCount(), TimeSpan.FromSeconds(1));
/// await system.Terminate();
/// </code></example>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, MessageDispatcher> _dispatchers = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _loggerFactory;
    private readonly Scheduler _scheduler;
    private readonly LocalActorRef _root;
    private readonly LocalActorRef _user;
    private readonly LocalActorRef _system;
    private readonly ActorMetrics _metrics;
    private int _terminating;

    private ActorSystem(string name, Config config, ActorSystemSetup setup)
    {
        Name = name;
        Config = config;
        Settings = ActorSystemSettings.From(config);
        TimeProvider = setup.TimeProvider ?? TimeProvider.System;
        _loggerFactory = setup.LoggerFactory ?? NullLoggerFactory.Instance;
        _scheduler = new Scheduler(TimeProvider);
        EventStream = new EventStream();
        foreach (var d in Settings.Dispatchers.Values)
        {
            _dispatchers[d.Name] = d.Pinned
                ? new PinnedDispatcher(d.Name, d.Throughput)
                : new ThreadPoolDispatcher(d.Name, d.Throughput);
        }
        _metrics = new ActorMetrics(name, _dispatchers.Values);
        var rootPath = ActorPath.Root(name);
        var deadLetters = new DeadLetterActorRef(this, rootPath.Child("deadLetters"));
        DeadLetters = deadLetters;
        DeadLetterSink = new DeadLetterSink(EventStream, CreateLogger(typeof(DeadLetter), deadLetters.Path), TimeProvider,
            Settings.DeadLettersLogMax, Settings.DeadLettersLogInterval);

        foreach (var warning in ConfigValidation.UnknownKeys(config, Configuration.Config.Reference))
            _loggerFactory.CreateLogger("Sluice.Configuration").ConfigurationWarning(warning);

        _root = CreateActor(Props.Create(() => new RootGuardian()), new RootParent(this, rootPath), rootPath);
        _root.SendSystemMessage(Dispatch.Create.Instance);
        var userStrategy = new OneForOneStrategy(Settings.GuardianMaxRestarts, Settings.GuardianRestartWindow, SupervisorStrategy.DefaultDecider);
        _user = (LocalActorRef)_root.Cell.ActorOf(Props.Create(() => new Guardian(userStrategy)), "user");
        _system = (LocalActorRef)_root.Cell.ActorOf(Props.Create(() => new Guardian(SupervisorStrategy.Default)), "system");
        _root.Tell(new RootGuardian.Guardians(_user, _system), null);
    }

    /// <summary>Creates an actor system configured by <paramref name="config"/> on top of the embedded reference.conf.</summary>
    /// <param name="name">The system's name: letters, digits, '-' and '_'.</param>
    /// <param name="config">Application configuration; missing keys fall back to reference.conf.</param>
    /// <param name="setup">Logging and clock from the host.</param>
    /// <exception cref="ConfigurationException">A setting is invalid; the message names the key and the fix.</exception>
    public static ActorSystem Create(string name, Config? config = null, ActorSystemSetup? setup = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
                throw new ArgumentException($"Actor system name '{name}' is invalid: use letters, digits, '-' and '_'.", nameof(name));
        }
        return new ActorSystem(name, Configuration.Config.Load(config), setup ?? new ActorSystemSetup());
    }

    /// <summary>The system's name.</summary>
    public string Name { get; }

    /// <summary>The effective configuration (application on top of reference.conf).</summary>
    public Config Config { get; }

    /// <summary>The validated actor settings.</summary>
    public ActorSystemSettings Settings { get; }

    /// <summary>The clock of the scheduler and timers.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Schedules actions and messages.</summary>
    public IScheduler Scheduler => _scheduler;

    /// <summary>Publish/subscribe by type: dead letters, unhandled messages, your own events.</summary>
    public EventStream EventStream { get; }

    /// <summary>Where undeliverable messages go.</summary>
    public IActorRef DeadLetters { get; }

    /// <summary>The logger factory the system writes to.</summary>
    public ILoggerFactory LoggerFactory => _loggerFactory;

    /// <summary>Completes when the system has terminated.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal DeadLetterSink DeadLetterSink { get; }

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    /// <exception cref="InvalidActorNameException">The name is invalid or taken.</exception>
    public IActorRef ActorOf(Props props, string? name = null) => _user.Cell.ActorOf(props, name);

    /// <summary>Creates an actor of the runtime itself under <c>/system</c>.</summary>
    internal IActorRef SystemActorOf(Props props, string? name = null) => _system.Cell.ActorOf(props, name);

    /// <summary>Selects actors by an absolute path (<c>/user/a/b</c> or <c>sluice://name/user/a</c>); '*' and '?' match names.</summary>
    public ActorSelection ActorSelection(string path) => Actors.ActorSelection.Create(this, _root.Path, path);

    /// <summary>Stops an actor asynchronously (after the message it is processing).</summary>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Path.System != Name)
            throw new ArgumentException($"{actor.Path} belongs to another actor system than '{Name}'.", nameof(actor));
        if (actor is InternalActorRef r) r.SendSystemMessage(Dispatch.Terminate.Instance);
    }

    /// <summary>
    /// Stops every actor, top-down: /user first (each actor after its children, running PostStop), then the
    /// runtime's own actors. Completes with <see cref="WhenTerminated"/>.
    /// </summary>
    public Task Terminate()
    {
        if (Interlocked.Exchange(ref _terminating, 1) == 0) _root.Tell(new RootGuardian.StopSystem(), null);
        return WhenTerminated;
    }

    /// <summary>Terminates the system.</summary>
    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);

    internal LocalActorRef RootRef => _root;

    internal LocalActorRef CreateActor(Props props, InternalActorRef parent, ActorPath path)
    {
        if (!_dispatchers.TryGetValue(props.Dispatcher, out var dispatcher))
            throw new ConfigurationException($"{path}: no dispatcher named '{props.Dispatcher}'. Define sluice.actor.dispatchers.{props.Dispatcher} or use one of: {string.Join(", ", _dispatchers.Keys)}.");
        if (!Settings.Mailboxes.TryGetValue(props.Mailbox, out var mailboxSettings))
            throw new ConfigurationException($"{path}: no mailbox named '{props.Mailbox}'. Define sluice.actor.mailboxes.{props.Mailbox} or use one of: {string.Join(", ", Settings.Mailboxes.Keys)}.");
        var mailbox = new Mailbox(dispatcher, mailboxSettings.Capacity);
        var cell = new ActorCell(this, path, props, parent, mailbox);
        mailbox.Attach(cell);
        return cell.SelfRef;
    }

    internal ILogger CreateLogger(Type category, ActorPath path) =>
        new ActorLogger(_loggerFactory.CreateLogger(category.FullName ?? category.Name), path.ToString(), Settings.LogLevel);

    internal void OnRootTerminated()
    {
        _scheduler.Dispose();
        _metrics.Dispose();
        _terminated.TrySetResult();
    }

    /// <inheritdoc />
    public override string ToString() => $"ActorSystem({Name})";
}
