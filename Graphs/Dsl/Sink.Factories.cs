using Sluice.Graphs.Stage;
using Sluice.Graphs.Stages;

namespace Sluice.Graphs.Dsl;

/// <summary>
/// Factories for the generic sinks. Every task-returning sink completes its task when the stream ends: with the
/// result, or with the failure that ended the stream (a <see cref="StreamStageException"/> naming the stage when a
/// stage threw, otherwise the exception as it was raised), or with <see cref="AbruptTerminationException"/> when
/// the stream was stopped from outside. It never stays pending after the stream stopped.
/// </summary>
public static partial class Sink
{
    /// <summary>Wraps a graph with a sink shape (a custom stage or a <c>GraphDsl</c> graph).</summary>
    public static Sink<T, TMat> FromGraph<T, TMat>(IGraph<SinkShape<T>, TMat> graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph as Sink<T, TMat> ?? new Sink<T, TMat>(Materialization.GraphExtensions.AsModule(graph));
    }

    /// <summary>Consumes and drops every element; the task completes with the stream.</summary>
    public static Sink<T, Task> Ignore<T>() => FromGraph(new IgnoreSink<T>()).MapMaterializedValue(static t => (Task)t);

    /// <summary>Calls <paramref name="action"/> for each element; the task completes with the stream. Honours supervision.</summary>
    public static Sink<T, Task> ForEach<T>(Action<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return FromGraph(new ForEachSink<T>(action)).MapMaterializedValue(static t => (Task)t);
    }

    /// <summary>Collects every element into a list, in order.</summary>
    public static Sink<T, Task<IReadOnlyList<T>>> Seq<T>() => FromGraph(new SeqSink<T>());

    /// <summary>The first element (then cancels upstream); fails with <see cref="InvalidOperationException"/> on an empty stream.</summary>
    public static Sink<T, Task<T>> First<T>() => FromGraph(new FirstSink<T>(orDefault: false));

    /// <summary>The first element (then cancels upstream), or <c>default</c> on an empty stream.</summary>
    public static Sink<T, Task<T>> FirstOrDefault<T>() => FromGraph(new FirstSink<T>(orDefault: true));

    /// <summary>The last element; fails with <see cref="InvalidOperationException"/> on an empty stream.</summary>
    public static Sink<T, Task<T>> Last<T>() => FromGraph(new LastSink<T>(orDefault: false));

    /// <summary>The last element, or <c>default</c> on an empty stream.</summary>
    public static Sink<T, Task<T>> LastOrDefault<T>() => FromGraph(new LastSink<T>(orDefault: true));

    /// <summary>Folds every element into one value, starting at <paramref name="seed"/>. Honours supervision.</summary>
    public static Sink<T, Task<TAcc>> Aggregate<T, TAcc>(TAcc seed, Func<TAcc, T, TAcc> aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        return FromGraph(new AggregateSink<T, TAcc>(seed, aggregate));
    }

    /// <summary>
    /// Runs <paramref name="action"/> for each element with at most <paramref name="parallelism"/> tasks at once; the
    /// task completes when the stream completed and every action finished. Honours supervision.
    /// </summary>
    public static Sink<T, Task> ForEachAsync<T>(int parallelism, Func<T, Task> action)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentNullException.ThrowIfNull(action);
        return FromGraph(new ForEachAsyncSink<T>(parallelism, action)).MapMaterializedValue(static t => (Task)t);
    }
}
