namespace Sluice.Graphs.Deduplication;

/// <summary>
/// What a deduplication variant remembers per row and when it forgets it. Implemented by structs with static members,
/// so that the one <see cref="DeduplicateShard{TKey,T,TStateKey,TValue,TPolicy}"/> runs every variant without a virtual call per row.
/// </summary>
internal interface IDeduplicationPolicy<TKey, TStateKey, TValue>
{
    /// <summary>The store's name.</summary>
    static abstract string StoreName { get; }

    /// <summary>What identifies a duplicate of a row with <paramref name="key"/> at <paramref name="eventTimeMs"/>.</summary>
    static abstract TStateKey StateKey(TKey key, long eventTimeMs);

    /// <summary>What to remember about the first row.</summary>
    static abstract TValue Remember(long eventTimeMs, long watermarkDelayMs);

    /// <summary>True when the entry can go at <paramref name="watermarkMs"/>; never called when <see cref="Evicts"/> is false.</summary>
    static abstract bool Expired(TStateKey key, TValue value, long watermarkMs);

    /// <summary>True when entries go with the watermark.</summary>
    static abstract bool Evicts { get; }
}

/// <summary>No event time in the key: remembered forever.</summary>
internal readonly struct KeepForever<TKey> : IDeduplicationPolicy<TKey, TKey, bool>
{
    public static string StoreName => "seen";

    public static bool Evicts => false;

    public static TKey StateKey(TKey key, long eventTimeMs) => key;

    public static bool Remember(long eventTimeMs, long watermarkDelayMs) => true;

    public static bool Expired(TKey key, bool value, long watermarkMs) => false;
}

/// <summary>The event time is part of the key: the entry goes once its time is at or below the watermark.</summary>
internal readonly struct KeepUntilEventTime<TKey> : IDeduplicationPolicy<TKey, (TKey Key, long EventTimeMs), bool>
{
    public static string StoreName => "seen";

    public static bool Evicts => true;

    public static (TKey Key, long EventTimeMs) StateKey(TKey key, long eventTimeMs) => (key, eventTimeMs);

    public static bool Remember(long eventTimeMs, long watermarkDelayMs) => true;

    public static bool Expired((TKey Key, long EventTimeMs) key, bool value, long watermarkMs) => key.EventTimeMs <= watermarkMs;
}

/// <summary>Within the watermark: the key goes once its first time + the watermark delay is at or below the watermark.</summary>
internal readonly struct KeepWithinWatermark<TKey> : IDeduplicationPolicy<TKey, TKey, long>
{
    public static string StoreName => "expiresAt";

    public static bool Evicts => true;

    public static TKey StateKey(TKey key, long eventTimeMs) => key;

    public static long Remember(long eventTimeMs, long watermarkDelayMs) => eventTimeMs + watermarkDelayMs;

    public static bool Expired(TKey key, long expiresAtMs, long watermarkMs) => expiresAtMs <= watermarkMs;
}
