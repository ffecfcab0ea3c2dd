using Sluice.Graphs.Queries.Execution;
using Sluice.Graphs.Queries.Plan;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries;

public sealed partial class DataStream<T>
{
    private PlanNode<T> Typed => (PlanNode<T>)Node;

    /// <summary>Transforms each row; its event time is kept.</summary>
    public DataStream<TOut> Select<TOut>(Func<T, TOut> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new DataStream<TOut>(new MapNode<T, TOut, SelectMapper<T, TOut>>(Typed, "query-select", new SelectMapper<T, TOut>(selector)));
    }

    /// <summary>
    /// Keeps the rows that satisfy <paramref name="predicate"/>. Right after WithWatermark the filter runs before the
    /// watermark, as Spark pushes such filters below it: filtered rows neither raise the watermark nor count in the
    /// event-time statistics (DESIGN 4.5 rule 10). To let filtered rows move the watermark, filter after another operator.
    /// </summary>
    public DataStream<T> Where(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Node is WatermarkNode<T> watermark
            ? new DataStream<T>(watermark.WithFilterBelow(predicate))
            : new DataStream<T>(new WhereNode<T>(Typed, predicate));
    }

    /// <summary>Turns each row into zero or more rows, each with the event time of the row it came from.</summary>
    public DataStream<TOut> SelectMany<TOut>(Func<T, IEnumerable<TOut>> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new DataStream<TOut>(new SelectManyNode<T, TOut>(Typed, selector));
    }

    /// <summary>The rows of this stream and of <paramref name="others"/> (epochs aligned: an epoch ends when every input ended it).</summary>
    public DataStream<T> Union(params DataStream<T>[] others)
    {
        ArgumentNullException.ThrowIfNull(others);
        return new DataStream<T>(new UnionNode<T>([Typed, .. others.Select(o => o.Typed)]));
    }

    /// <summary>Sets each row's event time.</summary>
    public DataStream<T> WithTimestamps(Func<T, DateTimeOffset> timestamp)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        return new DataStream<T>(new MapNode<T, T, TimestampMapper<T>>(Typed, "query-timestamps", new TimestampMapper<T>(timestamp)));
    }

    /// <summary>
    /// Stamps each row with the processing clock at the start of its batch (Spark's <c>current_timestamp()</c>), so that
    /// windows and timeouts can run on processing time.
    /// </summary>
    public DataStream<T> WithProcessingTime() =>
        new(new MapNode<T, T, ProcessingTimeMapper<T>>(Typed, "query-processing-time", default));

    /// <summary>
    /// Declares a watermark on this input (Spark's <c>withWatermark</c>): rows' event times (set by WithTimestamps) minus
    /// <paramref name="delay"/>. The query's watermark is the minimum over its inputs, computed at the end of each batch
    /// and used by the next. With <paramref name="idleTimeout"/>, an input that receives no rows for that long (processing
    /// clock) advances its watermark on the processing clock (now - delay), so windows close when input stops.
    /// </summary>
    public DataStream<T> WithWatermark(TimeSpan delay, TimeSpan? idleTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        if (idleTimeout is { } idle)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero, nameof(idleTimeout));
        }

        return new DataStream<T>(new WatermarkNode<T>(Typed, (long)delay.TotalMilliseconds, idleTimeout));
    }

    /// <summary>Sets the event time with <paramref name="timestamp"/> and declares a watermark on it (WithTimestamps, then WithWatermark).</summary>
    public DataStream<T> WithWatermark(Func<T, DateTimeOffset> timestamp, TimeSpan delay, TimeSpan? idleTimeout = null) =>
        WithTimestamps(timestamp).WithWatermark(delay, idleTimeout);

    /// <summary>
    /// Sends the rows that the stateful operator producing this stream judged late to <paramref name="handler"/> (with the
    /// epoch id) instead of only dropping them. The rows are of the operator's input type <typeparamref name="TIn"/>.
    /// </summary>
    public DataStream<T> LateDataTo<TIn>(Action<IReadOnlyList<TimedRow<TIn>>, long> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Node switch
        {
            ILateDataNode<TIn> node => new DataStream<T>(node.WithLateRows(handler)),
            _ => throw new StreamingQueryException(
                $"LateDataTo<{typeof(TIn).Name}> applies to the output of a stateful operator whose input rows are {typeof(TIn).Name}: call it right after the operator (GroupBy(...).Count(), a window, DropDuplicates...)."),
        };
    }

    /// <summary>Starts describing how the query writes its result: output mode, trigger, name, checkpoint, sink.</summary>
    public DataStreamWriter<T> WriteStream() => new(Typed);
}
