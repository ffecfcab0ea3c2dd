using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sluice.Graphs.Fusing;
using Sluice.Graphs.Materialization;
using Sluice.Graphs.Stage;

namespace Sluice.Graphs;

/// <summary>
/// Turns graph blueprints into running streams. Each run creates fresh stage logics, fuses every part of the
/// graph that is not separated by <c>.Async()</c> into one interpreter (an island) and runs each island on the
/// .NET thread pool, one thread at a time. Create one per application (or per test) and pass it to
/// <c>Run</c>/<c>RunWith</c>.
/// </summary>
public sealed class Materializer : IDisposable
{
    private readonly ConcurrentDictionary<IslandShell, byte> _islands = new();
    private int _shutdown;

    private Materializer(MaterializerSettings settings)
    {
        Settings = settings;
        Logger = settings.LoggerFactory.CreateLogger("Sluice.Graphs.Stream");
    }

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
        return new Materializer(settings);
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
    }

    /// <summary>Same as <see cref="Shutdown"/>.</summary>
    public void Dispose() => Shutdown();

    internal static IIslandHost CreateHost() => new ThreadPoolIslandHost();
}
