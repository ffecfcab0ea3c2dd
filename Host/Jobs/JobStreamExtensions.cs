using Sluice.Graphs.Queries;

namespace Sluice.Host.Jobs;

/// <summary>How a hosted job writes its stream.</summary>
public static class JobStreamExtensions
{
    /// <summary>
    /// The writer of <paramref name="stream"/> as a hosted job wants it: named after the job, checkpointed at
    /// <see cref="StreamJobContext.CheckpointLocation"/>, its keyed state persistent in <see cref="StreamJobContext.System"/>
    /// and started under <see cref="StreamJobContext.Queries"/>, so that a restart of the host continues the job exactly.
    /// Add the output mode, the trigger and the sink.
    /// </summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="stream">The job's query.</param>
    /// <param name="context">What the host gave the job.</param>
    public static DataStreamWriter<T> WriteStream<T>(this DataStream<T> stream, StreamJobContext context)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(context);
        return stream.WriteStream()
            .QueryName(context.Name)
            .CheckpointLocation(context.CheckpointLocation)
            .PersistentState(context.System)
            .Manager(context.Queries);
    }
}
