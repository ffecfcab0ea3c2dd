using Sluice.Graphs.Queries;
using Sluice.Host.Jobs;

namespace Sluice.Scenarios.Jobs;

/// <summary>What every crash-scenario job shares: Append mode, a fast trigger, a durable checkpoint with persistent state, the commit probe.</summary>
public static class DurableWriter
{
    /// <summary>
    /// <paramref name="stream"/>'s writer in Append mode with a processing-time trigger (<c>trigger-interval</c>,
    /// default 100ms), the job's checkpoint directory and persistent state, started with the host's manager, whose
    /// commits <see cref="CommitProbe"/> prints.
    /// </summary>
    public static DataStreamWriter<T> WriteDurably<T>(this DataStream<T> stream, StreamJobContext context)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(context);
        CommitProbe.Attach(context.Queries, context.Output);
        return stream.WriteStream(context)
            .OutputMode(OutputMode.Append)
            .Trigger(Trigger.ProcessingTime(context.Settings.GetDuration("trigger-interval", TimeSpan.FromMilliseconds(100))));
    }
}
