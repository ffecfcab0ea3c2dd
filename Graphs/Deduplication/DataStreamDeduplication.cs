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
    /// key until the watermark reaches the first row's event time + the input's watermark delay (the delay given to
    /// WithWatermark above it; the largest one when the input is a union of watermarked streams); late rows are dropped and
    /// counted. Needs a watermark on the input: without one the query is refused when it starts.
    /// </summary>
    /// <param name="stream">The input, with a watermark.</param>
    /// <param name="key">What identifies a duplicate (without the event time).</param>
    /// <example><code>events.WithTimestamps(e => e.Time).WithWatermark(TimeSpan.FromMinutes(1)).DropDuplicatesWithinWatermark(e => e.Guid);</code></example>
    public static DataStream<T> DropDuplicatesWithinWatermark<T, TKey>(this DataStream<T> stream, Func<T, TKey> key)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(stream);
        var delayMs = stream.Node.WatermarkDelayAbove() ?? 0;
        return stream.Stateful(key, new DeduplicateOperator<TKey, T>(DeduplicationKind.WithinWatermark, delayMs));
    }

    /// <summary>
    /// <see cref="DropDuplicatesWithinWatermark{T, TKey}(DataStream{T}, Func{T, TKey})"/> with an explicit expiry delay
    /// instead of the input's watermark delay, for duplicates that straggle longer or shorter than rows are late: later
    /// rows with a key are dropped until the watermark reaches the key's first event time + <paramref name="watermarkDelay"/>.
    /// </summary>
    /// <param name="stream">The input.</param>
    /// <param name="key">What identifies a duplicate (without the event time).</param>
    /// <param name="watermarkDelay">How long after a key's first event time its duplicates are still dropped.</param>
    public static DataStream<T> DropDuplicatesWithinWatermark<T, TKey>(this DataStream<T> stream, Func<T, TKey> key, TimeSpan watermarkDelay)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(watermarkDelay, TimeSpan.Zero);
        return stream.Stateful(key, new DeduplicateOperator<TKey, T>(DeduplicationKind.WithinWatermark, (long)watermarkDelay.TotalMilliseconds));
    }
}
