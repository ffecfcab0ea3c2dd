using Sluice.Graphs.State;

namespace Sluice.Graphs.Queries.Execution;

/// <summary>A 1:1 row transformation of a stateless query stage (a struct, so the stage calls it without virtual dispatch).</summary>
internal interface IRowMapper<TIn, TOut>
{
    Element<TOut> Map(in Element<TIn> row, EpochFacts epoch);
}

/// <summary>Select: a new value, the same event time.</summary>
internal readonly struct SelectMapper<TIn, TOut>(Func<TIn, TOut> f) : IRowMapper<TIn, TOut>
{
    public Element<TOut> Map(in Element<TIn> row, EpochFacts epoch) => Element<TOut>.Row(f(row.Value), row.EventTimeMs);
}

/// <summary>WithTimestamps: the same value, its event time from the selector.</summary>
internal readonly struct TimestampMapper<T>(Func<T, DateTimeOffset> time) : IRowMapper<T, T>
{
    public Element<T> Map(in Element<T> row, EpochFacts epoch) => Element<T>.Row(row.Value, EventTime.ToMs(time(row.Value)));
}

/// <summary>WithProcessingTime: the event time is the batch timestamp (Spark's current_timestamp()), the same for every row of the epoch.</summary>
internal readonly struct ProcessingTimeMapper<T> : IRowMapper<T, T>
{
    public Element<T> Map(in Element<T> row, EpochFacts epoch) => Element<T>.Row(row.Value, epoch.BatchTimestampMs);
}
