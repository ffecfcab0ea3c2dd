using Sluice.Actors;
using Sluice.Actors.Configuration;
using Sluice.Graphs.Queries;

namespace Sluice.Host.Jobs;

/// <summary>What a job gets from the host to build and start its query.</summary>
/// <param name="Name">The job entry's name: use it as the query name and checkpoint location.</param>
/// <param name="Settings">The job entry's own settings (its HOCON object).</param>
/// <param name="System">The host's actor system.</param>
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
    /// <summary>The checkpoint location of this job: a folder named after it under <see cref="DataDirectory"/>.</summary>
    public string CheckpointLocation => Path.Combine(DataDirectory, Name);
}
