using Sluice.Actors;
using Sluice.Actors.Configuration;
using Sluice.Actors.Scheduling;
using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;
using Sluice.Graphs.Queries.Sinks;
using Sluice.Graphs.Queries.Sources;
using Sluice.Graphs.Windows;

namespace Sluice.Graphs.Tests.Checkpoints;

/// <summary>One "process": an actor system whose SQLite journal is in the checkpoint directory, and a query on that directory.</summary>
internal sealed class CheckpointedRun<T> : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private CheckpointedRun(ActorSystem system, StreamingQuery query, QuerySink<T> output)
    {
        System = system;
        Query = query;
        Output = output;
    }

    public ActorSystem System { get; }

    public StreamingQuery Query { get; }

    /// <summary>The sink the query writes to: a memory sink unless the run was started with another.</summary>
    public QuerySink<T> Output { get; }

    public MemorySink<T> Sink => (MemorySink<T>)Output;

    /// <summary>A new actor system with its journal in <paramref name="directory"/>.</summary>
    public static ActorSystem SystemIn(string directory) =>
        ActorSystem.Create("checkpoint-" + Guid.NewGuid().ToString("N")[..8], Config.Parse($"sluice.persistence.data-directory = \"{directory}\""));

    /// <summary>Starts the query on <paramref name="directory"/> in a new actor system, as a freshly started process would.</summary>
    public static async Task<CheckpointedRun<T>> StartAsync(
        string directory, DataStream<T> stream, OutputMode mode, Func<DataStreamWriter<T>, DataStreamWriter<T>>? configure = null, QuerySink<T>? output = null)
    {
        var system = SystemIn(directory);
        var sink = output ?? new MemorySink<T>();
        var writer = stream.WriteStream().OutputMode(mode).CheckpointLocation(directory).NumberOfShards(4).PersistentState(system)
            .Clock(new VirtualTimeProvider(new DateTimeOffset(2026, 1, 1, 13, 0, 0, TimeSpan.Zero))).Manager(new StreamingQueryManager());
        try
        {
            var query = await (configure?.Invoke(writer) ?? writer).StartAsync(sink).WaitAsync(Wait);
            return new CheckpointedRun<T>(system, query, sink);
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    public Task ProcessAllAvailableAsync() => Query.ProcessAllAvailableAsync().WaitAsync(Wait);

    /// <summary>Stops the query and terminates the actor system: nothing survives but the checkpoint directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await Query.StopAsync().WaitAsync(Wait);
        await System.Terminate().WaitAsync(Wait);
    }
}

/// <summary>Spark's windowed word count (10-minute windows sliding every 5, 10-minute watermark) and its input.</summary>
internal static class WordCount
{
    public static readonly DateTimeOffset Noon = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public sealed record Word(string Text, DateTimeOffset Time);

    public static Word At(string text, int minute) => new(text, Noon.AddMinutes(minute));

    public static DataStream<WindowedRow<string, long>> Windowed(MemorySource<Word> input) =>
        DataStream.From(input)
            .WithTimestamps(w => w.Time)
            .WithWatermark(TimeSpan.FromMinutes(10))
            .GroupBy(w => w.Text, Window.Sliding(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5)))
            .Count();

    /// <summary>Each committed batch as "epoch: rows in a stable order", for exact comparison across runs.</summary>
    public static IEnumerable<string> Show<T>(IEnumerable<(long EpochId, IReadOnlyList<T> Rows)> batches) =>
        batches.Select(b => b.EpochId + ": " + string.Join(" | ", b.Rows.Select(r => r!.ToString()).Order(StringComparer.Ordinal)));
}
