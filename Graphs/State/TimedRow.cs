namespace Sluice.Graphs.State;

/// <summary>A row with its event time in milliseconds since the Unix epoch (<see cref="EventTime.None"/> when it has none).</summary>
/// <typeparam name="T">The row type.</typeparam>
/// <param name="Value">The row.</param>
/// <param name="EventTimeMs">Its event time.</param>
public readonly record struct TimedRow<T>(T Value, long EventTimeMs);

/// <summary>One input row of a keyed stateful operator: its grouping key, event time and value.</summary>
/// <typeparam name="TKey">The grouping key.</typeparam>
/// <typeparam name="TValue">The row type.</typeparam>
/// <param name="Key">The key the row was routed by.</param>
/// <param name="EventTimeMs">Its event time in milliseconds since the Unix epoch, or <see cref="EventTime.None"/>.</param>
/// <param name="Value">The row.</param>
public readonly record struct KeyedRow<TKey, TValue>(TKey Key, long EventTimeMs, TValue Value);

/// <summary>Event time helpers: times are <see cref="long"/> milliseconds since the Unix epoch on the hot path.</summary>
public static class EventTime
{
    /// <summary>The event time of a row that has none (no <c>WithTimestamps</c> upstream).</summary>
    public const long None = long.MinValue;

    /// <summary>Milliseconds since the Unix epoch of <paramref name="time"/>.</summary>
    public static long ToMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>The instant <paramref name="ms"/> milliseconds after the Unix epoch, in UTC.</summary>
    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
