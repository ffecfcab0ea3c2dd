using Sluice.Actors;

namespace Sluice.Graphs.Fusing;

/// <summary>
/// The actor that runs one island: each <see cref="Run"/> message is one slice of the interpreter. It stops itself
/// when every stage of the island has stopped. If it stops for any other reason (the actor system terminates, its
/// supervisor is stopped, or running a slice threw), its PostStop aborts the island, so every stage ends and each
/// materialized task completes with <see cref="AbruptTerminationException"/> instead of waiting forever.
/// </summary>
internal sealed class IslandActor : ActorBase
{
    private readonly IslandShell _shell;
    private readonly ActorIslandHost _host;
    private Exception? _failure;

    public IslandActor(IslandShell shell, ActorIslandHost host)
    {
        _shell = shell;
        _host = host;
    }

    protected override void Receive(object message)
    {
        if (message is not Run)
        {
            Unhandled(message);
            return;
        }

        bool more;
        try
        {
            more = _shell.RunSlice();
        }
        catch (Exception e)
        {
            // The interpreter catches stage exceptions itself; reaching here means the host machinery broke.
            _failure = e;
            Context.Stop(Self);
            return;
        }

        if (_shell.IsTerminated)
        {
            Context.Stop(Self);
            return;
        }

        _host.SliceDone(more);
    }

    protected override void PostStop()
    {
        if (_shell.IsTerminated)
        {
            return;
        }

        var cause = _failure is null
            ? new AbruptTerminationException(
                $"The actor {Self.Path} hosting the stream stopped (its actor system terminated or it was stopped) while the stream was running.")
            : new AbruptTerminationException($"The actor {Self.Path} hosting the stream failed: {_failure.Message}", _failure);
        _shell.AbortNow(cause);
    }

    /// <summary>Runs one slice of the island.</summary>
    internal sealed class Run
    {
        public static readonly Run Instance = new();

        private Run()
        {
        }
    }
}
