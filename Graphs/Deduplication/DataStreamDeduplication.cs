using Sluice.Graphs.Queries;

namespace Sluice.Graphs.Deduplication;

/// <summary>Streaming deduplication on a <see cref="DataStream{T}"/> (Spark's dropDuplicates and dropDuplicatesWithinWatermark).</summary>
public static class DataStreamDeduplication
{
    /// <summary>
    /// Keeps the first row of every key (input order within a batch) and drops the later ones.
    /// Without <paramref name="includeEventTime"/> every key is remembered forever (state grows with the number of keys).
    /// With it, the key is (key, the row's event time) as Spark's <c>dropDuplicates("id", "eventTime")</c>: rows at or
    /// below the watermark are dropped as late and counted, and an entry is forgotten once its event time is at or below
    /// the watermark. With a watermark on the input, late rows are dropped in both cases.
    /// </summary>
    /// <param name="stream">The input.</param>
    /// <param name="key">What identifies a duplicate.</param>
    /// <param name="includeEventTime">True to make the row's event time (from WithTimestamps) part of the key.</param>
    /// <example><code>clicks.WithTimestamps(c => c.Time).WithWatermark(TimeSpan.FromMinutes(10)).DropDuplicates(c => c.Id, includeEventTime: true);</code></example>
    public static DataStream<T> DropDuplicates<T, TKey>(this DataStream<T> stream, Func<T, TKey> key, bool includeEventTime = false)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(stream);
        var kind = includeEventTime ? DeduplicationKind.EventTimeInKey : DeduplicationKind.Forever;
        return stream.Stateful(key, new DeduplicateOperator<TKey, T>(kind, 0));
    }

    /// <summary>
    /// Spark's <c>dropDuplicatesWithinWatermark</c>: keeps the first row of every key and drops later rows with the same
    /// key until the watermark reaches the first row's event time + <paramref name="watermarkDelay"/>; late rows are
    /// dropped and counted. Needs a watermark on the input.
    /// </summary>
    /// <param name="stream">The input.</param>
    /// <param name="key">What identifies a duplicate (without the event time).</param>
    /// <param name="watermarkDelay">The delay given to WithWatermark on the input (how long duplicates are expected to straggle).</param>
    public static DataStream<T> DropDuplicatesWithinWatermark<T, TKey>(this DataStream<T> stream, Func<T, TKey> key, TimeSpan watermarkDelay)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(watermarkDelay, TimeSpan.Zero);
        return stream.Stateful(key, new DeduplicateOperator<TKey, T>(DeduplicationKind.WithinWatermark, (long)watermarkDelay.TotalMilliseconds));
    }
}
