using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sluice.Actors;
using Sluice.Graphs.Fusing;
using Sluice.Graphs.Materialization;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs;

/// <summary>
/// Turns graph blueprints into running streams. Each run creates fresh stage logics, fuses every part of the
/// graph that is not separated by <c>.Async()</c> into one interpreter (an island) and runs each island one thread at
/// a time: inside an actor of its own under <c>/system/streams-N</c> when the materializer was created from an
/// <see cref="ActorSystem"/> (the stream then ends when the system terminates), otherwise on the .NET thread pool.
/// Create one per application (or per test) and pass it to <c>Run</c>/<c>RunWith</c>.
/// </summary>
/// <example><code>
/// var system = ActorSystem.Create("app");
/// var mat = Materializer.Create(system);
/// var sum = await Source.From(Enumerable.Range(1, 10)).RunWith(Sink.Aggregate&lt;int, int&gt;(0, (a, x) =&gt; a + x), mat);
/// </code></example>
public sealed class Materializer : IDisposable
{
    private readonly ConcurrentDictionary<IslandShell, byte> _islands = new();
    private readonly StreamSupervisor? _supervisor;
    private int _shutdown;

    private Materializer(MaterializerSettings settings, ActorSystem? system)
    {
        Settings = settings;
        Logger = settings.LoggerFactory.CreateLogger("Sluice.Graphs.Stream");
        System = system;
        if (system is not null)
        {
            _supervisor = StreamSupervisor.Create(system, () => Interlocked.Exchange(ref _shutdown, 1));
        }
    }

    /// <summary>The actor system whose actors host the islands, or null when they run on the thread pool.</summary>
    public ActorSystem? System { get; }

    /// <summary>The settings this materializer was created with.</summary>
    public MaterializerSettings Settings { get; }

    /// <summary>Whether <see cref="Shutdown"/> was called.</summary>
    public bool IsShutdown => Volatile.Read(ref _shutdown) != 0;

    internal ILogger Logger { get; }

    /// <summary>Creates a materializer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is invalid (the message names it and a good value).</exception>
    public static Materializer Create(MaterializerSettings? settings = null)
    {
        settings ??= MaterializerSettings.Default;
        settings.Validate();
        return new Materializer(settings, null);
    }

    /// <summary>
    /// Creates a materializer whose islands run inside actors of <paramref name="system"/> (under
    /// <c>/system/streams-N</c>; each island actor stops when its island finishes). Terminating the system stops every
    /// running stream: their materialized tasks fail with <see cref="AbruptTerminationException"/>. Unless
    /// <paramref name="settings"/> say otherwise, stages use the system's clock and logger factory.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is invalid (the message names it and a good value).</exception>
    /// <exception cref="InvalidOperationException">The actor system has terminated.</exception>
    public static Materializer Create(ActorSystem system, MaterializerSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (system.WhenTerminated.IsCompleted)
        {
            throw new InvalidOperationException($"{system} has terminated: create the materializer from a running actor system.");
        }

        settings ??= MaterializerSettings.Default with
        {
            TimeProvider = system.TimeProvider,
            LoggerFactory = system.LoggerFactory,
        };
        settings.Validate();
        return new Materializer(settings, system);
    }

    /// <summary>Runs <paramref name="graph"/> and returns its materialized value.</summary>
    /// <exception cref="InvalidOperationException">The materializer was shut down, or the graph has unconnected ports.</exception>
    public TMat Materialize<TMat>(IGraph<ClosedShape, TMat> graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ObjectDisposedException.ThrowIf(IsShutdown, this);
        var (mat, shells) = new GraphMaterializer(this).Materialize(graph.Module);
        foreach (var shell in shells)
        {
            _islands.TryAdd(shell, 0);
            shell.Terminated += s => _islands.TryRemove(s, out _);
        }

        foreach (var shell in shells)
        {
            shell.Start();
        }

        return (TMat)mat!;
    }

    /// <summary>Stops every stream this materializer runs: their stages fail with <see cref="AbruptTerminationException"/>.</summary>
    public void Shutdown()
    {
        if (Interlocked.Exchange(ref _shutdown, 1) != 0)
        {
            return;
        }

        foreach (var shell in _islands.Keys)
        {
            shell.Abort(new AbruptTerminationException("The materializer was shut down while the stream was running."));
        }

        // Island actors stop themselves once their island has aborted; the supervisor goes once they are gone.
        if (_supervisor is not null && System is { } system && !system.WhenTerminated.IsCompleted)
        {
            _supervisor.Ref.Tell(PoisonPill.Instance, null);
        }
    }

    /// <summary>Same as <see cref="Shutdown"/>.</summary>
    public void Dispose() => Shutdown();

    /// <summary>The actors hosting islands now (empty without an actor system).</summary>
    internal IReadOnlyCollection<IActorRef> IslandActors => _supervisor?.Islands ?? [];

    internal IIslandHost CreateHost() => _supervisor is null ? new ThreadPoolIslandHost() : new ActorIslandHost(_supervisor);
}
