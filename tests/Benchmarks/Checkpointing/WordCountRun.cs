using System.Diagnostics;
using Sluice.Actors;
using Sluice.Actors.Configuration;
using Sluice.Graphs.Aggregations;
using Sluice.Graphs.Queries;

namespace Sluice.Benchmarks.Checkpointing;

/// <summary>
/// One run of the keyed word count (<c>GroupBy(word).Count()</c>, update mode, a sink that counts rows) over an
/// <see cref="IndexedSource"/>: in memory without a checkpoint, or with a checkpoint directory and persistent state in
/// an actor system whose SQLite journal is in that directory.
/// </summary>
internal static class WordCountRun
{
    public static DataStream<KeyedValue<string, long>> Query(IndexedSource source) =>
        DataStream.From(source).GroupBy(static word => word).Count();

    /// <summary>An actor system whose journal is the checkpoint directory, as <c>PersistentState</c> requires.</summary>
    public static ActorSystem SystemIn(string directory, string name) =>
        ActorSystem.Create(name, Config.Parse($"sluice.persistence.data-directory = \"{directory}\""));

    /// <summary>Runs until the source's last offset is committed; words per second from the first read to that commit.</summary>
    public static async Task<Result> RunAsync(IndexedSource source, Trigger trigger, string? checkpointDirectory, int shards)
    {
        ActorSystem? system = checkpointDirectory is null ? null : SystemIn(checkpointDirectory, "bench-" + Guid.NewGuid().ToString("N")[..8]);
        long outputRows = 0;
        var writer = Query(source).WriteStream().OutputMode(OutputMode.Update).Trigger(trigger).NumberOfShards(shards).Manager(new StreamingQueryManager());
        writer = system is null
            ? writer.CheckpointLocation("bench-" + Guid.NewGuid().ToString("N"))
            : writer.CheckpointLocation(checkpointDirectory!).PersistentState(system);
        try
        {
            var query = await writer.ForEachBatchAsync((rows, _) => outputRows += rows.Count).ConfigureAwait(false);
            await Task.WhenAny(source.Done.Task, query.AwaitTerminationAsync()).ConfigureAwait(false);
            var end = Stopwatch.GetTimestamp();
            if (!source.Done.Task.IsCompleted) await query.AwaitTerminationAsync().ConfigureAwait(false); // throws its failure

            // The last offset is committed before the batch's progress is recorded: wait for it, so that the state rows
            // read below are those after the last batch.
            await query.ProcessAllAvailableAsync().ConfigureAwait(false);
            var progress = query.RecentProgress;
            await query.StopAsync().ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(source.FirstReadTicks, end).TotalSeconds;
            var epochs = progress.Count(p => p.NumInputRows > 0);
            var commit = progress.Where(p => p.NumInputRows > 0).Select(p => p.DurationMs.GetValueOrDefault("addBatch")).DefaultIfEmpty().Average();
            var commitMs = progress.Where(p => p.NumInputRows > 0).Select(p => p.DurationMs.GetValueOrDefault("commitOffsets")).DefaultIfEmpty().Average();
            var state = progress.Count > 0 ? progress[^1].StateOperators.Sum(o => o.NumRowsTotal) : 0;
            return new Result(seconds, epochs, outputRows, state, commit, commitMs);
        }
        finally
        {
            if (system is not null) await system.Terminate().ConfigureAwait(false);
        }
    }

    /// <summary>What one run measured.</summary>
    /// <param name="Seconds">From the first read to the commit of the last offset.</param>
    /// <param name="Epochs">Batches with data.</param>
    /// <param name="OutputRows">Rows the sink counted.</param>
    /// <param name="StateRows">Keys in state at the end.</param>
    /// <param name="AverageAddBatchMs">Mean addBatch phase (processing up to the sink's barrier, shards' changelog writes included).</param>
    /// <param name="AverageCommitMs">Mean commitOffsets phase (commit log, sink and operator commits: due snapshots are stored then).</param>
    internal readonly record struct Result(double Seconds, int Epochs, long OutputRows, long StateRows, double AverageAddBatchMs, double AverageCommitMs);
}
