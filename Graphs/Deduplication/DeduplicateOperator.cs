using Sluice.Graphs.Queries;
using Sluice.Graphs.State;

namespace Sluice.Graphs.Deduplication;

/// <summary>Spark's dropDuplicates / dropDuplicatesWithinWatermark: emits the first row of each key (input order within a batch).</summary>
internal sealed class DeduplicateOperator<TKey, T>(DeduplicationKind kind, long watermarkDelayMs) : StatefulOperator<TKey, T, T>
    where TKey : notnull
{
    public DeduplicationKind Kind { get; } = kind;

    /// <summary>The watermark delay, for <see cref="DeduplicationKind.WithinWatermark"/>.</summary>
    public long WatermarkDelayMs { get; } = watermarkDelayMs;

    public override string Name => Kind == DeduplicationKind.WithinWatermark ? "dedupeWithinWatermark" : "dedupe";

    public override string? CheckOutputMode(OutputMode mode, bool hasWatermark) =>
        Kind == DeduplicationKind.WithinWatermark && !hasWatermark
            ? "DropDuplicatesWithinWatermark needs a watermark: call WithWatermark on the input before it (or use DropDuplicates)."
            : null;

    /// <summary>As Spark: any watermark advance runs a no-data batch (it evicts entries, or is harmless without event time in the key).</summary>
    public override bool NeedsNoDataBatch(OutputMode mode, bool hasWatermark) => hasWatermark;

    public override StatefulShard<TKey, T, T> CreateShard(int shardId, int numberOfShards) => Kind switch
    {
        DeduplicationKind.Forever => new DeduplicateShard<TKey, T, TKey, bool, KeepForever<TKey>>(0),
        DeduplicationKind.EventTimeInKey => new DeduplicateShard<TKey, T, (TKey Key, long EventTimeMs), bool, KeepUntilEventTime<TKey>>(0),
        _ => new DeduplicateShard<TKey, T, TKey, long, KeepWithinWatermark<TKey>>(WatermarkDelayMs),
    };
}
