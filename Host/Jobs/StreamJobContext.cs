using Sluice.Actors;
using Sluice.Actors.Configuration;
using Sluice.Graphs.Queries;

namespace Sluice.Host.Jobs;

/// <summary>What a job gets from the host to build and start its query.</summary>
/// <param name="Name">The job entry's name: use it as the query name.</param>
/// <param name="Settings">The job entry's own settings (its HOCON object).</param>
/// <param name="System">The actor system to keep the job's state in (<c>.PersistentState(context.System)</c>): the host's, or for a
/// job whose checkpoint is on PostgreSQL, one of its own whose journal is the checkpoint's schema, so that state and offsets stay together.</param>
/// <param name="Queries">The manager the host watches: start the query with it (<c>.Manager(context.Queries)</c>).</param>
/// <param name="DataDirectory">Where the host keeps checkpoints and state (<c>sluice.host.data-directory</c>).</param>
/// <param name="Output">Where console sinks print.</param>
public sealed record StreamJobContext(
    string Name,
    Config Settings,
    ActorSystem System,
    StreamingQueryManager Queries,
    string DataDirectory,
    TextWriter Output)
{
    private readonly JobCheckpoint? _checkpoint;

    /// <summary>
    /// The checkpoint location of this job (<c>.CheckpointLocation(context.CheckpointLocation)</c>): by default a folder named
    /// after it under <see cref="DataDirectory"/>; with <c>checkpoint { kind = postgres, ... }</c> (or <c>sluice.host.checkpoint</c>)
    /// a PostgreSQL schema of its own.
    /// </summary>
    public CheckpointLocation CheckpointLocation => Checkpoint.Location;

    /// <summary>The job's checkpoint settings, as the host read them.</summary>
    internal JobCheckpoint Checkpoint
    {
        get => _checkpoint ?? JobCheckpoint.InDataDirectory(Name, DataDirectory);
        init => _checkpoint = value;
    }
}
