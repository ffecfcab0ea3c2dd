using System.Collections.Concurrent;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sources;
using Sluice.Host.Jobs;

namespace Sluice.Host.Tests.Hosting;

/// <summary>A job for the hosting tests: upper-cases the rows of a memory source into <see cref="Written"/>.</summary>
public sealed class TestMemoryJob : IStreamJob
{
    public static MemorySource<string> Source { get; } = new("TestMemory");

    public static ConcurrentQueue<(long Epoch, string Row)> Written { get; } = new();

    public string Type => "test-memory";

    public Task<StreamingQuery> StartAsync(StreamJobContext context, CancellationToken cancellationToken) =>
        DataStream.From(Source)
            .Select(s => s.ToUpperInvariant() + context.Settings.GetString("suffix"))
            .WriteStream()
            .QueryName(context.Name)
            .Manager(context.Queries)
            .Trigger(Trigger.ProcessingTime(TimeSpan.FromMilliseconds(20)))
            .ForEachBatchAsync((rows, epoch) =>
            {
                foreach (var row in rows)
                {
                    Written.Enqueue((epoch, row));
                }
            });
}
